"""The only code that changes district-sponsored sites."""

from django.db import transaction

from audits.recorder import record
from sites.models import Site


@transaction.atomic
def site_create_for_request(*, request, by) -> Site:
    """Open the site record of an approved request, owned by its requester and in the registry as being set up."""
    site = Site.objects.create(
        district_id=request.district_id,
        school_id=request.school_id,
        owner_id=request.requester_id,
        supervisor=request.requester.supervisor,
        request=request,
        platform=request.platform,
        platform_other=request.platform_other,
        name=request.site_name,
        url=request.site_url,
    )
    record(action="site.created", actor=by, district=request.district, target=site, payload={"request": request.pk})
    return site
