from __future__ import annotations

from django.apps import AppConfig


class MedicationsConfig(AppConfig):
    name = "poise.medications"
    label = "medications"
