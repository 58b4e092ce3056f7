"""The deploy/ recipes say what the code relies on: services that restart for ever, the
worker that waits for the database, the daily backup."""

import configparser
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


@pytest.mark.parametrize("name", ["ruko-parsel-web.service", "ruko-parsel-worker.service"])
def test_services_restart_after_a_delay_and_never_give_up(name):
    service = unit(name)
    assert service["Service"]["Restart"] == "always"
    assert int(service["Service"]["RestartSec"]) > 0
    assert service["Unit"]["StartLimitIntervalSec"] == "0"


def test_the_worker_service_runs_the_worker_that_waits_for_the_database():
    command = unit("ruko-parsel-worker.service")["Service"]["ExecStart"]
    assert command.endswith("manage.py run_worker")


def test_a_daily_timer_runs_the_backup_with_retention():
    timer = unit("ruko-parsel-backup.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 02:30:00"
    assert timer["Timer"]["Persistent"] == "true"
    service = unit("ruko-parsel-backup.service")
    assert service["Service"]["Type"] == "oneshot"
    command = service["Service"]["ExecStart"].split()
    assert command[1:3] == ["manage.py", "backup"]
    assert int(command[command.index("--keep") + 1]) >= 7
