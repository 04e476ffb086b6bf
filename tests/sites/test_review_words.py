"""A review with a failed item never says it passed: it says how many items failed and that findings opened."""

from django.urls import reverse

from tests import factories


def test_a_review_with_failed_items_says_so_on_the_site_and_the_review(client, site, supervisor):
    first, _ = factories.failed_review(site, supervisor, "WH-D4", "WH-D9")
    client.force_login(supervisor)
    for url in (reverse("sites:detail", args=[site.pk]), reverse("sites:review", args=[first.review_id])):
        page = client.get(url).content.decode()
        assert "completed: 2 items failed, findings opened" in page, url
        assert "passed with findings" not in page.lower(), url


def test_a_review_with_one_failed_item_says_a_finding_opened(client, site, supervisor):
    factories.failed_review(site, supervisor)
    client.force_login(supervisor)
    page = client.get(reverse("sites:detail", args=[site.pk])).content.decode()
    assert "completed: 1 item failed, a finding opened" in page
