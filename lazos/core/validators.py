import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_currency(value: str) -> None:
    if not value or pycountry.currencies.get(alpha_3=value.upper()) is None:
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code (e.g. EUR, USD, MXN, BRL)."),
            code="currency",
            params={"code": value},
        )
