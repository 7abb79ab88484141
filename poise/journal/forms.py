"""The patient's journal form."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from poise.journal.models import Doses
from poise.patients.forms import DATE

FEELINGS = [
    ("", "Skip this question"),
    *((str(n), f"{n}{' (worst)' if n == 0 else ' (best)' if n == 10 else ''}") for n in range(11)),
]


class JournalForm(forms.Form):
    written_on = forms.DateField(label="Day", widget=DATE, initial=timezone.localdate)
    feeling = forms.TypedChoiceField(
        label="How did you feel, from 0 (worst) to 10 (best)?",
        choices=FEELINGS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    doses = forms.ChoiceField(
        label="Did you take your medicines as prescribed?",
        choices=[("", "Skip this question"), *Doses.choices],
        required=False,
    )
    how = forms.CharField(
        label="How I have been",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mood, sleep, energy, what helped or made things harder.",
    )
    side_effects = forms.CharField(
        label="Side effects I noticed",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    question = forms.CharField(
        label="A question for my care team",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Your team reads it at your next contact, not straight away.",
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
