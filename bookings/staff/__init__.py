"""The kecamatan staff's side of bookings inside the Wagtail admin.

Queue, detail with decisions, booking on a village's behalf, week calendar and the dashboard
panel. Thin views over `bookings.services` and `bookings.selectors`; hooks in `hooks.py`.
"""
