"""The media library's picker: the window the body editor's figure button opens, and the
chooser of a lead image or a photo (media/chooser.py) in its choosing mode.

It lists the library (newest first, searchable) and takes an upload in place; choosing
an image hands its address, alt text and caption back to the editor through the
CKEditor-style callback django-prose-editor's Figure extension listens for, or, with
`?choose=<field id>`, the image's id to the chooser (static/js/admin/image-picker.js).
Everything here is an admin view: the permission to view images lists them, the
permission to add images uploads one.
"""

import re

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse

from .chooser import thumbnail_url
from .models import Image

PICKER_PAGE_SIZE = 24
CALLBACK = re.compile(r"-?[0-9]{1,9}")
FIELD_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,99}")


class UploadForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "licence"]


def caption_with_credit(image: Image) -> str:
    """What the figure's caption starts as: the library caption, then the credit."""
    if image.credit and image.caption:
        return f"{image.caption} ({image.credit})"
    return image.caption or image.credit


def picker_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    may_upload = model_admin.has_add_permission(request)
    chosen = None
    form = UploadForm() if may_upload else None
    if request.method == "POST":
        if not may_upload:
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            form.instance.uploaded_by = request.user
            chosen = form.save()
            form = UploadForm()
    query = request.GET.get("q", "").strip()[:100]
    images = Image.objects.select_related(None)
    if query:
        images = images.filter(
            Q(title__icontains=query)
            | Q(alt_text__icontains=query)
            | Q(caption__icontains=query)
            | Q(credit__icontains=query)
        )
    page = Paginator(images, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
    for image in page.object_list:
        image.picker_caption = caption_with_credit(image)
        image.thumbnail = thumbnail_url(image)
    callback = request.GET.get("CKEditorFuncNum", "")
    choose = request.GET.get("choose", "")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Choose an image",
        "opts": Image._meta,
        "is_popup": True,
        "page": page,
        "query": query,
        "form": form,
        "chosen": chosen,
        # The editor's callback number; anything else is not ours to pass back.
        "callback": callback if CALLBACK.fullmatch(callback) else "",
        # The chooser's field id, for the same reason.
        "choose": choose if FIELD_ID.fullmatch(choose) else "",
    }
    return TemplateResponse(request, "admin/media/image/picker.html", context)
