"""Every share link for the desk to review: who handed out what, and revoking in bulk.

Editors only (they may preview and share any story). Links are made on a story's
Workflow page; here nothing is added or edited, only revoked through stories.sharing.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import sharing
from ..models import ShareLink


class StateFilter(admin.SimpleListFilter):
    """Active, revoked or expired: the question an editor reviewing links asks first."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return ShareLink.State.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == ShareLink.State.ACTIVE:
            return queryset.active(now=now)
        if self.value() == ShareLink.State.REVOKED:
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == ShareLink.State.EXPIRED:
            return queryset.expired(now=now).filter(revoked_at__isnull=True)
        return queryset


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["story", "created_by", "created_at", "expires_at", "last_used_at", "state"]
    list_filter = [StateFilter, "created_at"]
    list_select_related = ["story", "created_by", "revoked_by"]
    search_fields = ["story__headline", "created_by__username"]
    date_hierarchy = "created_at"
    actions = ["revoke_action"]
    readonly_fields = [
        "story",
        "token",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "revoked_by",
        "last_used_at",
    ]

    def _is_editor(self, request) -> bool:
        return request.user.is_active and request.user.has_perm("stories.edit_any_story")

    def has_module_permission(self, request):
        return self._is_editor(request)

    def has_view_permission(self, request, obj=None):
        return self._is_editor(request)

    def has_change_permission(self, request, obj=None):
        # The change page only shows the link read-only; the action revokes.
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Asked per link when an editor deletes a story: its links go with it. On their
        # own, links are never deleted here (delete_view below): an active one is
        # revoked, which the audit trail records, and expired ones are deleted by
        # `manage.py delete_expired_share_links`.
        return obj is not None and self._is_editor(request)

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied("Revoke a share link instead; expired links are cleaned up.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {"show_delete": False, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    def has_revoke_permission(self, request):
        return self._is_editor(request)

    @admin.display(description=_("state"))
    def state(self, obj):
        return ShareLink.State(obj.state()).label

    @admin.action(description=_("Revoke the selected share links"), permissions=["revoke"])
    def revoke_action(self, request, queryset):
        now = timezone.now()
        revoked = 0
        for link in queryset.active(now=now).select_related("story", "created_by"):
            try:
                sharing.revoke_share_link(link=link, user=request.user, now=now)
            except (PermissionDenied, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                self.message_user(request, message, messages.ERROR)
            else:
                revoked += 1
        self.message_user(request, _("%(count)d share link(s) revoked.") % {"count": revoked})
