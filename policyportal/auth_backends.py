from django.contrib.auth.backends import ModelBackend

from policyportal.models import User


class DistrictModelBackend(ModelBackend):
    """Django's backend, loading the signed-in user together with their district: nearly every page reads
    the district (its time zone, its rules, the scope of every list), and now never with a query of its own."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("district").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
