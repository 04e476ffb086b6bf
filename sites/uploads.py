"""Evidence uploads: the type is read from the file's contents, never from its name or the browser."""

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
REFUSED = "Attach a PNG or JPEG image, or a PDF."


def real_size(upload) -> int:
    """The bytes actually there, whatever `upload.size` claims."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size


def checked_type(upload) -> str:
    """The upload's real content type, or a ValidationError saying what is accepted."""
    size = real_size(upload)
    if size > MAX_BYTES:
        raise ValidationError({"file": f"The file is {size / 1024 / 1024:.1f} MB; the limit is 5 MB."})
    try:
        upload.seek(0)
        if upload.read(5) == b"%PDF-":
            return "application/pdf"
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            kind = IMAGE_TYPES.get(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError({"file": REFUSED})
    return kind
