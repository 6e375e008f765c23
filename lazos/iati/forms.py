from django import forms
from django.utils.translation import gettext_lazy as _


class IatiUploadForm(forms.Form):
    file = forms.FileField(
        label=_("IATI activity file"),
        help_text=_("An iati-activities XML file, version 2.01, 2.02 or 2.03."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )
    publish = forms.BooleanField(
        label=_("Publish the imported actions on the portal"),
        required=False,
        help_text=_("Actions with a description become public; the others stay internal."),
    )
