"""The text inside an uploaded document, for search. PDFs are read with pdfminer.six; plain
text and CSV are decoded. Reading never fails an upload: a file that cannot be read is
searchable by its title only."""

import io
import logging

logger = logging.getLogger(__name__)

# Enough for any guidance document; a larger file is cut here.
MAX_CHARS = 200_000
MAX_PDF_PAGES = 50
TEXT_EXTENSIONS = {"txt", "csv"}


def extract_text(file, extension):
    """The words of the file, or "" if it has none we can read."""
    extension = (extension or "").lower().lstrip(".")
    try:
        file.open("rb")
        try:
            if extension == "pdf":
                from pdfminer.high_level import extract_text as pdf_text

                text = pdf_text(io.BytesIO(file.read()), maxpages=MAX_PDF_PAGES)
            elif extension in TEXT_EXTENSIONS:
                text = file.read(MAX_CHARS * 4).decode("utf-8", errors="replace")
            else:
                return ""
        finally:
            file.close()
    except Exception:  # a damaged or unreadable file must not break an upload
        logger.warning("Could not read the text of %s", getattr(file, "name", file), exc_info=True)
        return ""
    return " ".join(text.replace("\x00", " ").split())[:MAX_CHARS]


def update_document_text(document):
    """Store the document's text for search (the index is updated when the row is saved)."""
    from .models import DocumentText

    text = extract_text(document.file, document.file_extension)
    entry, created = DocumentText.objects.get_or_create(document=document, defaults={"text": text})
    if not created and entry.text != text:
        entry.text = text
        entry.save(update_fields=["text"])
    elif not created:
        # The title may have changed: refresh the index entry.
        from wagtail.search.index import insert_or_update_object

        insert_or_update_object(entry)
    return entry
