"""The fixed vocabularies of DOMAIN.md, as enums whose values are the stable identifiers.

The Chinese names are the official terms. Documents (slips, tallies, Excel) print them as they
are; the desk's screens translate the English labels through Qt instead (see desk_app.ui.labels).
"""

from __future__ import annotations

from enum import StrEnum


class StationKind(StrEnum):
    SERVICE_CENTRE_STATION = "service_centre_station"
    MOBILE_STATION = "mobile_station"
    TOWNSHIP_STATION = "township_station"
    STUDIO = "studio"
    SUPERVISION_POST = "supervision_post"


STATION_KIND_ZH: dict[StationKind, str] = {
    StationKind.SERVICE_CENTRE_STATION: "人大代表工作站(驻政务服务中心)",
    StationKind.MOBILE_STATION: "人大代表流动工作站",
    StationKind.TOWNSHIP_STATION: "乡镇(街道)人大代表工作(联络)站",
    StationKind.STUDIO: "代表工作室/议事点",
    StationKind.SUPERVISION_POST: "人大代表监督岗",
}


class Channel(StrEnum):
    WALK_IN = "walk_in"
    WINDOW_VISIT = "window_visit"
    OPINION_BOX = "opinion_box"
    QR_SCAN = "qr_scan"
    HOTLINE_12345 = "hotline_12345"
    LIVE_STREAM = "live_stream"
    FORUM = "forum"
    # A campaign's public announcement (流动工作站公告): citizens answer the published call.
    ANNOUNCEMENT = "announcement"


CHANNEL_ZH: dict[Channel, str] = {
    Channel.WALK_IN: "来访",
    Channel.WINDOW_VISIT: "走访窗口",
    Channel.OPINION_BOX: "意见箱",
    Channel.QR_SCAN: "扫码",
    Channel.HOTLINE_12345: "12345热线",
    Channel.LIVE_STREAM: "直播",
    Channel.FORUM: "座谈会",
    Channel.ANNOUNCEMENT: "公告",
}


class Outcome(StrEnum):
    """What the desk decided when the reception was registered."""

    RESOLVED_ON_SITE = "resolved_on_site"
    NEEDS_REFERRAL = "needs_referral"
    # 咨询: a question answered at the desk (a policy, where to go). Closed at registration like
    # a matter solved on the spot, but counted apart: a consultation is not a problem solved.
    CONSULTATION = "consultation"

    @property
    def closes_at_registration(self) -> bool:
        return self is not Outcome.NEEDS_REFERRAL


OUTCOME_ZH: dict[Outcome, str] = {
    Outcome.RESOLVED_ON_SITE: "现场解决",
    Outcome.NEEDS_REFERRAL: "需交办",
    Outcome.CONSULTATION: "咨询",
}


class Verdict(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"

    @property
    def allows_sign_off(self) -> bool:
        return self is not Verdict.DISSATISFIED


VERDICT_ZH: dict[Verdict, str] = {
    Verdict.SATISFIED: "满意",
    Verdict.BASICALLY_SATISFIED: "基本满意",
    Verdict.DISSATISFIED: "不满意",
}


class CallbackMethod(StrEnum):
    PHONE = "phone"
    VISIT = "visit"
    SMS = "sms"
    WECHAT = "wechat"


CALLBACK_METHOD_ZH: dict[CallbackMethod, str] = {
    CallbackMethod.PHONE: "电话",
    CallbackMethod.VISIT: "上门",
    CallbackMethod.SMS: "短信",
    CallbackMethod.WECHAT: "微信",
}


class ChaseMethod(StrEnum):
    """How the office chased a handling unit (催办)."""

    PHONE = "phone"
    VISIT = "visit"  # 上门督办
    DOCUMENT = "document"  # 发催办函
    SMS = "sms"
    WECHAT = "wechat"
    MEETING = "meeting"  # 约谈、现场会


CHASE_METHOD_ZH: dict[ChaseMethod, str] = {
    ChaseMethod.PHONE: "电话催办",
    ChaseMethod.VISIT: "上门督办",
    ChaseMethod.DOCUMENT: "发催办函",
    ChaseMethod.SMS: "短信",
    ChaseMethod.WECHAT: "微信",
    ChaseMethod.MEETING: "约谈或现场会",
}


class OperatorRole(StrEnum):
    """Who an operator is at the desk; what each may do is desk_app.domain.permissions."""

    DEPUTY = "deputy"  # 值班代表: receives citizens, calls back
    CLERK = "clerk"  # 驻站工作人员 / the office (人大工委、乡镇人大主席团): refers, signs off
    CENTRE_STAFF = "centre_staff"  # 区代表联络中心工作人员: the office's work for every station
    ADMIN = "admin"  # 管理员: the office's work, plus operators, station settings, enrolment


OPERATOR_ROLE_ZH: dict[OperatorRole, str] = {
    OperatorRole.DEPUTY: "值班代表",
    OperatorRole.CLERK: "驻站工作人员",
    OperatorRole.CENTRE_STAFF: "联络中心工作人员",
    OperatorRole.ADMIN: "管理员",
}

DEFAULT_CATEGORIES: tuple[str, ...] = (
    "养老",
    "医保",
    "交通",
    "物业",
    "营商环境",
    "户籍",
    "城建",
    "教育",
    "环境",
    "其他",
)


class DeputyLevel(StrEnum):
    """The five levels of people's-congress deputies, and street deliberation delegates."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    STREET_DELEGATE = "street_delegate"


DEPUTY_LEVEL_ZH: dict[DeputyLevel, str] = {
    DeputyLevel.NATIONAL: "全国人大代表",
    DeputyLevel.PROVINCIAL: "省人大代表",
    DeputyLevel.CITY: "市人大代表",
    DeputyLevel.COUNTY: "县(区)人大代表",
    DeputyLevel.TOWNSHIP: "乡镇人大代表",
    DeputyLevel.STREET_DELEGATE: "街道议事代表",
}
