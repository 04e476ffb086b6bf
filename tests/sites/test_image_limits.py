"""An image is refused by the size its header declares, before a pixel is decoded: no 500, nothing stored."""

import struct
import uuid
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sites import services
from sites.models import Evidence


def png_declaring(width: int, height: int) -> bytes:
    """A well-formed PNG whose header claims `width` x `height` pixels, with one row of data: tiny on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height"), [(20000, 20000), (12000, 12000), (6001, 10), (10, 6001)])
def test_an_image_larger_than_6000_pixels_a_side_is_refused_with_a_message(
    client, site, supervisor, settings, tmp_path, width, height
):
    settings.MEDIA_ROOT = tmp_path
    review = services.review_start(site=site, by=supervisor)
    client.force_login(supervisor)
    upload = SimpleUploadedFile("photo.png", png_declaring(width, height), content_type="image/png")
    row = review.answers.first()
    data = {"answer": row.pk, f"file_{row.pk}": upload, "form_token": str(uuid.uuid4())}
    response = client.post(reverse("sites:review_attach", args=[review.pk]), data)
    assert response.status_code == 400
    assert "larger than 6,000 by 6,000 pixels" in response.content.decode()
    assert not Evidence.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_an_image_of_6000_pixels_a_side_is_kept(site, supervisor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review = services.review_start(site=site, by=supervisor)
    upload = SimpleUploadedFile("photo.png", png_declaring(6000, 6000), content_type="image/png")
    assert services.evidence_attach(answer=review.answers.first(), by=supervisor, upload=upload).content_type == (
        "image/png"
    )
