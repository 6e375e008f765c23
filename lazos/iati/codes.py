"""The IATI codes Lazos maps its own choices to (values of the IATI 2.03 codelists).

Kept here as small tables so that the product never reads the codelist files at run time;
the tests check every value against the official codelists.
"""

from __future__ import annotations

from lazos.actions.choices import ActionStatus, Modality
from lazos.core.models import AttachmentKind
from lazos.partners.choices import PartnerKind
from lazos.reference.codelists import ORGANISATION_TYPES as ORGANISATION_TYPES

IATI_VERSION = "2.03"
# Versions whose activity files the importer reads.
READABLE_VERSIONS = ("2.01", "2.02", "2.03")

# OrganisationType: ORGANISATION_TYPES, imported above from the reference data (the government
# profile chooses from it too).
PARTNER_KIND_TO_ORGANISATION_TYPE: dict[str, str] = {
    PartnerKind.LOCAL_GOVERNMENT: "11",
    PartnerKind.NATIONAL_GOVERNMENT: "10",
    PartnerKind.INTERNATIONAL_ORGANISATION: "40",
    PartnerKind.CITY_NETWORK: "21",
    PartnerKind.UNIVERSITY: "80",
    PartnerKind.CIVIL_SOCIETY: "22",
    PartnerKind.COMPANY: "70",
    PartnerKind.FOUNDATION: "60",
    PartnerKind.OTHER: "90",
}

ORGANISATION_TYPE_TO_PARTNER_KIND = {
    "10": PartnerKind.NATIONAL_GOVERNMENT,
    "11": PartnerKind.LOCAL_GOVERNMENT,
    "15": PartnerKind.NATIONAL_GOVERNMENT,
    "21": PartnerKind.CIVIL_SOCIETY,
    "22": PartnerKind.CIVIL_SOCIETY,
    "23": PartnerKind.CIVIL_SOCIETY,
    "24": PartnerKind.CIVIL_SOCIETY,
    "30": PartnerKind.COMPANY,
    "40": PartnerKind.INTERNATIONAL_ORGANISATION,
    "60": PartnerKind.FOUNDATION,
    "70": PartnerKind.COMPANY,
    "71": PartnerKind.COMPANY,
    "72": PartnerKind.COMPANY,
    "73": PartnerKind.COMPANY,
    "80": PartnerKind.UNIVERSITY,
    "90": PartnerKind.OTHER,
}

# OrganisationRole
ROLE_FUNDING = "1"
ROLE_ACCOUNTABLE = "2"
ROLE_EXTENDING = "3"
ROLE_IMPLEMENTING = "4"

# ActivityStatus
STATUS_TO_IATI = {
    ActionStatus.IDEA: "1",  # Pipeline/identification
    ActionStatus.PLANNED: "1",
    ActionStatus.ONGOING: "2",  # Implementation
    ActionStatus.COMPLETED: "4",  # Closed
    ActionStatus.CANCELLED: "5",  # Cancelled
}
IATI_TO_STATUS = {
    "1": ActionStatus.PLANNED,
    "2": ActionStatus.ONGOING,
    "3": ActionStatus.ONGOING,  # Finalisation
    "4": ActionStatus.COMPLETED,
    "5": ActionStatus.CANCELLED,
    "6": ActionStatus.ONGOING,  # Suspended
}

# ActivityDateType
DATE_PLANNED_START = "1"
DATE_ACTUAL_START = "2"
DATE_PLANNED_END = "3"
DATE_ACTUAL_END = "4"

# BudgetType / BudgetStatus
BUDGET_ORIGINAL = "1"
BUDGET_INDICATIVE = "1"

# SectorVocabulary "1" (OECD DAC CRS purpose codes, 5 digits): Lazos themes → one purpose code.
SECTOR_VOCABULARY_DAC = "1"
THEME_TO_DAC_SECTOR = {
    "urban-planning": "43030",  # Urban development and management
    "climate": "41010",  # Environmental policy and administrative management
    "environment": "41030",  # Biodiversity
    "waste": "14050",  # Waste management/disposal
    "water": "14010",  # Water sector policy and administrative management
    "energy": "23110",  # Energy policy and administrative management
    "mobility": "21010",  # Transport policy and administrative management
    "economy": "25010",  # Business policy and administration
    "investment": "33110",  # Trade policy and administrative management
    "tourism": "33210",  # Tourism policy and administrative management
    "culture": "16061",  # Culture and recreation
    "education": "11110",  # Education policy and administrative management
    "health": "12110",  # Health policy and administrative management
    "social-inclusion": "16010",  # Social protection
    "gender": "15170",  # Women's rights organisations and government institutions
    "governance": "15112",  # Decentralisation and support to subnational government
    "peace-security": "15220",  # Civilian peace-building, conflict prevention and resolution
    "migration": "15190",  # Facilitation of orderly, safe, regular migration and mobility
    "food": "31110",  # Agricultural policy and administrative management
    "innovation": "22040",  # Information and communication technology (ICT)
    "risk": "43060",  # Disaster risk reduction
    "sport": "16065",  # Recreation and sport
    "human-rights": "15160",  # Human rights
}
DAC_SECTOR_TO_THEME = {code: theme for theme, code in THEME_TO_DAC_SECTOR.items()}

# TagVocabulary: 2 = UN Sustainable Development Goals, 3 = their targets.
TAG_VOCABULARY_SDG_GOAL = "2"
TAG_VOCABULARY_SDG_TARGET = "3"

# DocumentCategory for attachments of actions.
ATTACHMENT_KIND_TO_DOCUMENT_CATEGORY = {
    AttachmentKind.SIGNED_TEXT: "A09",  # Memorandum of understanding
    AttachmentKind.ANNEX: "A02",  # Objectives / purpose of activity
    AttachmentKind.REPORT: "A07",  # Review of project performance and evaluation
    AttachmentKind.EVIDENCE: "A08",  # Results, outcomes and outputs
    AttachmentKind.PHOTO: "A08",
    AttachmentKind.OTHER: "A02",
}

# IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative.
MEASURE_TO_IATI = {"number": "1", "percentage": "2", "qualitative": "5"}
IATI_TO_MEASURE = {
    "1": "number",
    "2": "percentage",
    "3": "qualitative",
    "4": "qualitative",
    "5": "qualitative",
}

# ResultType codes Lazos keeps as they are.
RESULT_TYPES = ("1", "2", "3", "9")

# DescriptionType 1 = general.
DESCRIPTION_GENERAL = "1"

# GeographicLocationReach 1 = activity, GeographicExactness 1 = exact,
# GeographicLocationClass 2 = populated place, GeographicVocabulary G1 = GeoNames.
LOCATION_REACH_ACTIVITY = "1"
LOCATION_EXACT = "1"
LOCATION_CLASS_POPULATED_PLACE = "2"
GEOGRAPHIC_VOCABULARY_GEONAMES = "G1"
FEATURE_DESIGNATION_POPULATED_PLACE = "PPL"
SRS_NAME = "http://www.opengis.net/def/crs/EPSG/0/4326"

# TransactionType
TRANSACTION_TYPES = {
    "1": "Incoming Funds",
    "2": "Outgoing Commitment",
    "3": "Disbursement",
    "4": "Expenditure",
    "5": "Interest Payment",
    "6": "Loan Repayment",
    "7": "Reimbursement",
    "8": "Purchase of Equity",
    "9": "Sale of Equity",
    "10": "Credit Guarantee",
    "11": "Incoming Commitment",
    "12": "Outgoing Pledge",
    "13": "Incoming Pledge",
}

# Modalities an imported activity becomes.
IMPORTED_MODALITY = Modality.DECENTRALIZED_COOPERATION
IMPORTED_HUMANITARIAN_MODALITY = Modality.EMERGENCY_AID
