"""Evidence uploads: the type is read from the file's contents, never from its name or the browser."""

import warnings

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
REFUSED = "Attach a PNG or JPEG image, or a PDF."
# Pixels along either side: far beyond a screenshot or a photo, far below what would exhaust a worker's memory.
MAX_SIDE = 6000
TOO_LARGE = (
    f"The image is larger than {MAX_SIDE:,} by {MAX_SIDE:,} pixels, the most the portal keeps: attach a smaller one."
)


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
        with warnings.catch_warnings():  # Pillow warns of large images; MAX_SIDE refuses them before that matters
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)  # reads the header only: the size is known before any pixel is decoded
        with image:
            if max(image.size) > MAX_SIDE:
                raise ValidationError({"file": TOO_LARGE})
            image.verify()
            kind = IMAGE_TYPES.get(image.format)
    except Image.DecompressionBombError:  # so large Pillow will not even give its size
        raise ValidationError({"file": TOO_LARGE}) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError({"file": REFUSED})
    return kind
