"""Structure of IATI 2.03 activity files: for each element (by path), its children in schema
order with their cardinality, its attributes (type, required) and its text type.

A fact table used by ``validation.py`` (the product does not read the XSD at run time)."""

from __future__ import annotations

from typing import NamedTuple


class ElementSpec(NamedTuple):
    children: tuple[tuple[str, int, int | None], ...]
    attrs: dict[str, tuple[str, bool]]
    text: str | None


STRUCTURE: dict[str, ElementSpec] = {
    "iati-activities": ElementSpec(
        children=(("iati-activity", 1, None),),
        attrs={
            "version": ("string", True),
            "generated-datetime": ("dateTime", False),
            "linked-data-default": ("anyURI", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity": ElementSpec(
        children=(
            ("iati-identifier", 1, 1),
            ("reporting-org", 1, 1),
            ("title", 1, 1),
            ("description", 1, None),
            ("participating-org", 1, None),
            ("other-identifier", 0, None),
            ("activity-status", 1, 1),
            ("activity-date", 1, None),
            ("contact-info", 0, None),
            ("activity-scope", 0, 1),
            ("recipient-country", 0, None),
            ("recipient-region", 0, None),
            ("location", 0, None),
            ("sector", 0, None),
            ("tag", 0, None),
            ("country-budget-items", 0, 1),
            ("humanitarian-scope", 0, None),
            ("policy-marker", 0, None),
            ("collaboration-type", 0, 1),
            ("default-flow-type", 0, 1),
            ("default-finance-type", 0, 1),
            ("default-aid-type", 0, None),
            ("default-tied-status", 0, 1),
            ("budget", 0, None),
            ("planned-disbursement", 0, None),
            ("capital-spend", 0, 1),
            ("transaction", 0, None),
            ("document-link", 0, None),
            ("related-activity", 0, None),
            ("legacy-data", 0, None),
            ("conditions", 0, 1),
            ("result", 0, None),
            ("crs-add", 0, 1),
            ("fss", 0, 1),
        ),
        attrs={
            "last-updated-datetime": ("dateTime", False),
            "xml:lang": ("language", False),
            "default-currency": ("string", False),
            "humanitarian": ("boolean", False),
            "hierarchy": ("int", False),
            "linked-data-uri": ("anyURI", False),
            "budget-not-provided": ("string", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/iati-identifier": ElementSpec(
        children=(),
        attrs={},
        text="string",
    ),
    "iati-activities/iati-activity/reporting-org": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={
            "ref": ("string", True),
            "type": ("string", True),
            "secondary-reporter": ("boolean", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/title": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={"type": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/participating-org": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "ref": ("string", False),
            "type": ("string", False),
            "role": ("string", True),
            "activity-id": ("string", False),
            "crs-channel-code": ("string", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/other-identifier": ElementSpec(
        children=(("owner-org", 0, 1),),
        attrs={"ref": ("string", True), "type": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/other-identifier/owner-org": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={"ref": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/activity-status": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/activity-date": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={"type": ("string", True), "iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/contact-info": ElementSpec(
        children=(
            ("organisation", 0, 1),
            ("department", 0, 1),
            ("person-name", 0, 1),
            ("job-title", 0, 1),
            ("telephone", 0, None),
            ("email", 0, None),
            ("website", 0, None),
            ("mailing-address", 0, None),
        ),
        attrs={"type": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/contact-info/organisation": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/contact-info/department": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/contact-info/person-name": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/contact-info/job-title": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/contact-info/telephone": ElementSpec(
        children=(),
        attrs={},
        text="string",
    ),
    "iati-activities/iati-activity/contact-info/email": ElementSpec(
        children=(),
        attrs={},
        text="string",
    ),
    "iati-activities/iati-activity/contact-info/website": ElementSpec(
        children=(),
        attrs={},
        text="anyURI",
    ),
    "iati-activities/iati-activity/contact-info/mailing-address": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/activity-scope": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/recipient-country": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={"code": ("string", True), "percentage": ("decimal", False)},
        text=None,
    ),
    "iati-activities/iati-activity/recipient-region": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "code": ("string", True),
            "vocabulary": ("string", False),
            "vocabulary-uri": ("anyURI", False),
            "percentage": ("decimal", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/location": ElementSpec(
        children=(
            ("location-reach", 0, 1),
            ("location-id", 0, None),
            ("name", 0, 1),
            ("description", 0, 1),
            ("activity-description", 0, 1),
            ("administrative", 0, None),
            ("point", 0, 1),
            ("exactness", 0, 1),
            ("location-class", 0, 1),
            ("feature-designation", 0, 1),
        ),
        attrs={"ref": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/location/location-reach": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/location/location-id": ElementSpec(
        children=(),
        attrs={"code": ("string", True), "vocabulary": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/location/name": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/location/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/location/activity-description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/location/administrative": ElementSpec(
        children=(),
        attrs={
            "code": ("string", True),
            "vocabulary": ("string", True),
            "level": ("nonNegativeInteger", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/location/point": ElementSpec(
        children=(("pos", 1, 1),),
        attrs={"srsName": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/location/point/pos": ElementSpec(
        children=(),
        attrs={},
        text="string",
    ),
    "iati-activities/iati-activity/location/exactness": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/location/location-class": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/location/feature-designation": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/sector": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "vocabulary": ("string", False),
            "vocabulary-uri": ("anyURI", False),
            "code": ("string", True),
            "percentage": ("decimal", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/tag": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "code": ("string", True),
            "vocabulary": ("string", True),
            "vocabulary-uri": ("anyURI", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/country-budget-items": ElementSpec(
        children=(("budget-item", 1, None),),
        attrs={"vocabulary": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/country-budget-items/budget-item": ElementSpec(
        children=(("description", 0, 1),),
        attrs={"code": ("string", True), "percentage": ("decimal", False)},
        text=None,
    ),
    "iati-activities/iati-activity/country-budget-items/budget-item/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/humanitarian-scope": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "type": ("string", True),
            "vocabulary": ("string", True),
            "vocabulary-uri": ("anyURI", False),
            "code": ("string", True),
        },
        text=None,
    ),
    "iati-activities/iati-activity/policy-marker": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "vocabulary": ("string", False),
            "vocabulary-uri": ("anyURI", False),
            "code": ("string", True),
            "significance": ("string", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/collaboration-type": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/default-flow-type": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/default-finance-type": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/default-aid-type": ElementSpec(
        children=(),
        attrs={"code": ("string", True), "vocabulary": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/default-tied-status": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/budget": ElementSpec(
        children=(("period-start", 1, 1), ("period-end", 1, 1), ("value", 1, 1)),
        attrs={"type": ("string", False), "status": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/budget/period-start": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/budget/period-end": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/budget/value": ElementSpec(
        children=(),
        attrs={"currency": ("string", False), "value-date": ("date", True)},
        text="decimal",
    ),
    "iati-activities/iati-activity/planned-disbursement": ElementSpec(
        children=(
            ("period-start", 1, 1),
            ("period-end", 0, 1),
            ("value", 1, 1),
            ("provider-org", 0, 1),
            ("receiver-org", 0, 1),
        ),
        attrs={"type": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/planned-disbursement/period-start": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/planned-disbursement/period-end": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/planned-disbursement/value": ElementSpec(
        children=(),
        attrs={"currency": ("string", False), "value-date": ("date", True)},
        text="decimal",
    ),
    "iati-activities/iati-activity/planned-disbursement/provider-org": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "ref": ("string", False),
            "provider-activity-id": ("string", False),
            "type": ("string", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/planned-disbursement/receiver-org": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "ref": ("string", False),
            "receiver-activity-id": ("string", False),
            "type": ("string", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/capital-spend": ElementSpec(
        children=(),
        attrs={"percentage": ("decimal", True)},
        text=None,
    ),
    "iati-activities/iati-activity/transaction": ElementSpec(
        children=(
            ("transaction-type", 1, 1),
            ("transaction-date", 1, 1),
            ("value", 1, 1),
            ("description", 0, 1),
            ("provider-org", 0, 1),
            ("receiver-org", 0, 1),
            ("disbursement-channel", 0, 1),
            ("sector", 0, None),
            ("recipient-country", 0, 1),
            ("recipient-region", 0, 1),
            ("flow-type", 0, 1),
            ("finance-type", 0, 1),
            ("aid-type", 0, None),
            ("tied-status", 0, 1),
        ),
        attrs={"ref": ("string", False), "humanitarian": ("boolean", False)},
        text=None,
    ),
    "iati-activities/iati-activity/transaction/transaction-type": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/transaction/transaction-date": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/transaction/value": ElementSpec(
        children=(),
        attrs={"currency": ("string", False), "value-date": ("date", True)},
        text="decimal",
    ),
    "iati-activities/iati-activity/transaction/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/transaction/provider-org": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "ref": ("string", False),
            "provider-activity-id": ("string", False),
            "type": ("string", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/transaction/receiver-org": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "ref": ("string", False),
            "receiver-activity-id": ("string", False),
            "type": ("string", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/transaction/disbursement-channel": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/transaction/sector": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "vocabulary": ("string", False),
            "vocabulary-uri": ("anyURI", False),
            "code": ("string", True),
        },
        text=None,
    ),
    "iati-activities/iati-activity/transaction/recipient-country": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/transaction/recipient-region": ElementSpec(
        children=(("narrative", 0, None),),
        attrs={
            "code": ("string", True),
            "vocabulary": ("string", False),
            "vocabulary-uri": ("anyURI", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/transaction/flow-type": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/transaction/finance-type": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/transaction/aid-type": ElementSpec(
        children=(),
        attrs={"code": ("string", True), "vocabulary": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/transaction/tied-status": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/document-link": ElementSpec(
        children=(
            ("title", 1, 1),
            ("description", 0, 1),
            ("category", 1, None),
            ("language", 0, None),
            ("document-date", 0, 1),
        ),
        attrs={"url": ("anyURI", True), "format": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/document-link/title": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/document-link/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/document-link/category": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/document-link/language": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/document-link/document-date": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/related-activity": ElementSpec(
        children=(),
        attrs={"ref": ("string", True), "type": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/legacy-data": ElementSpec(
        children=(),
        attrs={
            "name": ("string", True),
            "value": ("string", True),
            "iati-equivalent": ("NMTOKEN", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/conditions": ElementSpec(
        children=(("condition", 0, None),),
        attrs={"attached": ("boolean", True)},
        text=None,
    ),
    "iati-activities/iati-activity/conditions/condition": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={"type": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result": ElementSpec(
        children=(
            ("title", 1, 1),
            ("description", 0, 1),
            ("document-link", 0, None),
            ("reference", 0, None),
            ("indicator", 1, None),
        ),
        attrs={"type": ("string", True), "aggregation-status": ("boolean", False)},
        text=None,
    ),
    "iati-activities/iati-activity/result/title": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/document-link": ElementSpec(
        children=(
            ("title", 1, 1),
            ("description", 0, 1),
            ("category", 1, None),
            ("language", 0, None),
            ("document-date", 0, 1),
        ),
        attrs={"url": ("anyURI", True), "format": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/document-link/title": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/document-link/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/document-link/category": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/document-link/language": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/document-link/document-date": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/reference": ElementSpec(
        children=(),
        attrs={
            "code": ("string", True),
            "vocabulary": ("string", True),
            "vocabulary-uri": ("anyURI", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator": ElementSpec(
        children=(
            ("title", 1, 1),
            ("description", 0, 1),
            ("document-link", 0, None),
            ("reference", 0, None),
            ("baseline", 0, None),
            ("period", 0, None),
        ),
        attrs={
            "measure": ("string", True),
            "ascending": ("boolean", False),
            "aggregation-status": ("boolean", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/title": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/document-link": ElementSpec(
        children=(
            ("title", 1, 1),
            ("description", 0, 1),
            ("category", 1, None),
            ("language", 0, None),
            ("document-date", 0, 1),
        ),
        attrs={"url": ("anyURI", True), "format": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/document-link/title": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/document-link/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/document-link/category": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/document-link/language": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/document-link/document-date": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/reference": ElementSpec(
        children=(),
        attrs={
            "vocabulary": ("string", True),
            "code": ("string", True),
            "indicator-uri": ("anyURI", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/baseline": ElementSpec(
        children=(
            ("location", 0, None),
            ("dimension", 0, None),
            ("document-link", 0, None),
            ("comment", 0, 1),
        ),
        attrs={
            "iso-date": ("date", False),
            "year": ("positiveInteger", True),
            "value": ("string", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/baseline/location": ElementSpec(
        children=(),
        attrs={"ref": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/baseline/dimension": ElementSpec(
        children=(),
        attrs={"name": ("string", False), "value": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/baseline/document-link": ElementSpec(
        children=(
            ("title", 1, 1),
            ("description", 0, 1),
            ("category", 1, None),
            ("language", 0, None),
            ("document-date", 0, 1),
        ),
        attrs={"url": ("anyURI", True), "format": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/baseline/document-link/title": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/baseline/document-link/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/baseline/document-link/category": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/baseline/document-link/language": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/baseline/document-link/document-date": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/baseline/comment": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period": ElementSpec(
        children=(
            ("period-start", 1, 1),
            ("period-end", 1, 1),
            ("target", 0, None),
            ("actual", 0, None),
        ),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/period-start": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/period-end": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/target": ElementSpec(
        children=(
            ("location", 0, None),
            ("dimension", 0, None),
            ("comment", 0, 1),
            ("document-link", 0, None),
        ),
        attrs={"value": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/target/location": ElementSpec(
        children=(),
        attrs={"ref": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/target/dimension": ElementSpec(
        children=(),
        attrs={"name": ("string", False), "value": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/target/comment": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/target/document-link": ElementSpec(
        children=(
            ("title", 1, 1),
            ("description", 0, 1),
            ("category", 1, None),
            ("language", 0, None),
            ("document-date", 0, 1),
        ),
        attrs={"url": ("anyURI", True), "format": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/target/document-link/title": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/target/document-link/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/target/document-link/category": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/target/document-link/language": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/target/document-link/document-date": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/actual": ElementSpec(
        children=(
            ("location", 0, None),
            ("dimension", 0, None),
            ("comment", 0, 1),
            ("document-link", 0, None),
        ),
        attrs={"value": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/actual/location": ElementSpec(
        children=(),
        attrs={"ref": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/actual/dimension": ElementSpec(
        children=(),
        attrs={"name": ("string", False), "value": ("string", False)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/actual/comment": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/actual/document-link": ElementSpec(
        children=(
            ("title", 1, 1),
            ("description", 0, 1),
            ("category", 1, None),
            ("language", 0, None),
            ("document-date", 0, 1),
        ),
        attrs={"url": ("anyURI", True), "format": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/actual/document-link/title": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/actual/document-link/description": ElementSpec(
        children=(("narrative", 1, None),),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/actual/document-link/category": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/actual/document-link/language": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/result/indicator/period/actual/document-link/document-date": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/crs-add": ElementSpec(
        children=(
            ("other-flags", 0, None),
            ("loan-terms", 0, 1),
            ("loan-status", 0, 1),
            ("channel-code", 0, 1),
        ),
        attrs={},
        text=None,
    ),
    "iati-activities/iati-activity/crs-add/other-flags": ElementSpec(
        children=(),
        attrs={"code": ("string", True), "significance": ("boolean", True)},
        text=None,
    ),
    "iati-activities/iati-activity/crs-add/loan-terms": ElementSpec(
        children=(
            ("repayment-type", 0, 1),
            ("repayment-plan", 0, 1),
            ("commitment-date", 0, 1),
            ("repayment-first-date", 0, 1),
            ("repayment-final-date", 0, 1),
        ),
        attrs={"rate-1": ("decimal", False), "rate-2": ("decimal", False)},
        text=None,
    ),
    "iati-activities/iati-activity/crs-add/loan-terms/repayment-type": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/crs-add/loan-terms/repayment-plan": ElementSpec(
        children=(),
        attrs={"code": ("string", True)},
        text=None,
    ),
    "iati-activities/iati-activity/crs-add/loan-terms/commitment-date": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/crs-add/loan-terms/repayment-first-date": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/crs-add/loan-terms/repayment-final-date": ElementSpec(
        children=(),
        attrs={"iso-date": ("date", True)},
        text=None,
    ),
    "iati-activities/iati-activity/crs-add/loan-status": ElementSpec(
        children=(
            ("interest-received", 0, 1),
            ("principal-outstanding", 0, 1),
            ("principal-arrears", 0, 1),
            ("interest-arrears", 0, 1),
        ),
        attrs={
            "year": ("decimal", True),
            "currency": ("string", False),
            "value-date": ("date", True),
        },
        text=None,
    ),
    "iati-activities/iati-activity/crs-add/loan-status/interest-received": ElementSpec(
        children=(),
        attrs={},
        text="decimal",
    ),
    "iati-activities/iati-activity/crs-add/loan-status/principal-outstanding": ElementSpec(
        children=(),
        attrs={},
        text="decimal",
    ),
    "iati-activities/iati-activity/crs-add/loan-status/principal-arrears": ElementSpec(
        children=(),
        attrs={},
        text="decimal",
    ),
    "iati-activities/iati-activity/crs-add/loan-status/interest-arrears": ElementSpec(
        children=(),
        attrs={},
        text="decimal",
    ),
    "iati-activities/iati-activity/crs-add/channel-code": ElementSpec(
        children=(),
        attrs={},
        text="string",
    ),
    "iati-activities/iati-activity/fss": ElementSpec(
        children=(("forecast", 0, None),),
        attrs={
            "extraction-date": ("date", True),
            "priority": ("boolean", False),
            "phaseout-year": ("decimal", False),
        },
        text=None,
    ),
    "iati-activities/iati-activity/fss/forecast": ElementSpec(
        children=(),
        attrs={
            "year": ("decimal", True),
            "currency": ("string", False),
            "value-date": ("date", False),
        },
        text="decimal",
    ),
    "narrative": ElementSpec(
        children=(),
        attrs={"xml:lang": ("language", False)},
        text="string",
    ),
}
