from __future__ import annotations

from typing import Any

from django import forms

from poise.accounts.models import STAFF_ROLES, Role, User


class InviteForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(help_text="The link to set a password goes here")
    username = forms.SlugField(max_length=150, help_text="Letters, digits, - and _ only")

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].lower()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("This username is taken.")
        return username


class StaffInviteForm(InviteForm):
    role = forms.ChoiceField(choices=[(r.value, r.label) for r in Role if r in STAFF_ROLES])
    title = forms.CharField(max_length=60, required=False, help_text="e.g. MD, PMHNP, RN")

    def cleaned_role(self) -> Role:
        return Role(self.cleaned_data["role"])


def invite_values(form: forms.Form) -> dict[str, Any]:
    names = ("first_name", "last_name", "email", "username", "title")
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}
