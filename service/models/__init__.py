"""SQLModel tables. Every table is imported here so Alembic and the tests see the whole schema."""

from service.models.base import utcnow
from service.models.case import AdviceRequest, Case, CaseEvent, CaseNote, TimeLimitException
from service.models.challenge import CodeChallenge
from service.models.dashboard import CouncilFigure, FigureRefresh, InterventionThreshold
from service.models.document import Document
from service.models.everyday import CaseView, DataExport, Feedback
from service.models.family import CaseAccess, DraftPlanResponse, FamilyOneLoginIdentity, FamilySignInToken
from service.models.local_authority import LocalAuthority
from service.models.mediation import AgreedActionRecord, Disagreement
from service.models.organisation import Organisation, Professional, ProfessionalInvitation
from service.models.outbox import OutboxMessage
from service.models.placement import Consultation, SettingPreference, TailoredSetting
from service.models.plan import Plan, PlanComment, PlanEdit, PlanVersion
from service.models.plan_life import LaTransfer, PlanReview, TribunalOrderRecord
from service.models.request_draft import RequestDraft
from service.models.setting import InclusionPlan, Setting, SettingCorrection
from service.models.staff import AuditEvent, StaffLockout, StaffUser
from service.models.staff_side import StaffInvitation
from service.models.web_session import WebSession

__all__ = [
    "CouncilFigure",
    "FigureRefresh",
    "InterventionThreshold",
    "CaseView",
    "DataExport",
    "Feedback",
    "LaTransfer",
    "PlanReview",
    "TribunalOrderRecord",
    "TailoredSetting",
    "SettingPreference",
    "SettingCorrection",
    "Setting",
    "ProfessionalInvitation",
    "Professional",
    "Organisation",
    "InclusionPlan",
    "Consultation",
    "AdviceRequest",
    "AgreedActionRecord",
    "AuditEvent",
    "Case",
    "CaseAccess",
    "CaseEvent",
    "CaseNote",
    "CodeChallenge",
    "Disagreement",
    "Document",
    "DraftPlanResponse",
    "FamilyOneLoginIdentity",
    "FamilySignInToken",
    "LocalAuthority",
    "OutboxMessage",
    "Plan",
    "PlanComment",
    "PlanEdit",
    "PlanVersion",
    "RequestDraft",
    "StaffInvitation",
    "StaffLockout",
    "StaffUser",
    "TimeLimitException",
    "WebSession",
    "utcnow",
]
