"""A realistic demo station, so that a newcomer opens a desk that looks lived in.

`fill_demo` sets the desk up (if it is not yet), adds the handling units and deputies of a street
supervision post in Shihe district (浉河区), and then plays N cases through the real DeskStore
API: every reception, slip, reply, callback and sign-off goes through the lifecycle rules,
validation and the change log. Only the store's clock is moved, event by event, so that the
cases spread over the last twelve months and end in every state a real desk shows (resolved on
the spot, awaiting a slip, being handled and overdue, awaiting callback, dissatisfied and going
round again, awaiting sign-off, signed off).

The content is made from the topics the seed bulletin names (老旧小区加装电梯, 飞线充电, 交通规范
执法, 营商环境) and the everyday business of a street desk (养老金资格认证, 医保报销, 户口迁移,
物业). It is deterministic for a seed and a `now`; a second run on the same folder adds new cases
and never duplicates the directories.
"""

from __future__ import annotations

import heapq
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from desk_app.domain.lifecycle import STATUS_ZH, CaseStatus
from desk_app.domain.rota import Period, SlotTemplate
from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.domain.vocab import (
    CallbackMethod,
    Channel,
    ChaseMethod,
    OperatorRole,
    Outcome,
    StationKind,
    Verdict,
)
from desk_app.storage.case_moves import AttemptDraft, ChaseDraft, ExtensionDraft
from desk_app.storage.cases import CallbackDraft
from desk_app.storage.store import DeskStore

STATION_NAME = "浉河区五星街道人大代表监督岗"
STATION_SHORT = "浉河监督岗"
DISTRICT = "浉河区"
CLERK_NAME, CLERK_PIN = "李明", "305917"
DEPUTY_OPERATOR_NAME, DEPUTY_OPERATOR_PIN = "王丽华", "418263"

# name, contact person, phone, address
UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("浉河区住房和城乡建设局", "周建华", "0376-6226031", "浉河区新华西路118号"),
    ("浉河区人力资源和社会保障局", "刘红梅", "0376-6221507", "浉河区民权路66号"),
    ("浉河区医疗保障局", "陈晓燕", "0376-6230218", "浉河区湖东路9号"),
    ("浉河区交通运输局", "赵志强", "0376-6252870", "浉河区工区路200号"),
    ("五星街道办事处", "孙立新", "0376-6288015", "浉河区五星街道贤山路1号"),
    ("浉河区市场监督管理局", "吴海涛", "0376-6213390", "浉河区中山路35号"),
    ("信阳市公安局浉河分局户政科", "黄警官", "0376-6250110", "浉河区四一路88号"),
    ("国网信阳供电公司浉河供电中心", "郑国庆", "0376-6295598", "浉河区东方红大道16号"),
    ("浉河区城市管理局", "马建军", "0376-6207712", "浉河区北京路52号"),
    ("浉河区教育体育局", "杨慧", "0376-6219536", "浉河区文化街10号"),
    ("信阳市生态环境局浉河分局", "徐斌", "0376-6231266", "浉河区胜利路27号"),
    ("信阳市公安局交通警察支队浉河大队", "韩队长", "0376-6266122", "浉河区新七大道122号"),
    ("浉河区民政局", "冯玉兰", "0376-6224488", "浉河区红旗街7号"),
    ("浉河区政务服务和大数据管理局", "曹磊", "0376-6201345", "浉河区政务服务中心三楼"),
)

# name, level (a DeputyLevel value), phone
DEPUTIES: tuple[tuple[str, str, str], ...] = (
    ("王丽华", "county", "13903761208"),
    ("张卫东", "provincial", "13837630516"),
    ("何秀英", "city", "15937609921"),
    ("罗建国", "city", "13598617730"),
    ("胡志明", "county", "18637612045"),
    ("郭春兰", "county", "13569736604"),
    ("林涛", "county", "17739762218"),
    ("高文静", "county", "15225418837"),
    ("谢德福", "street_delegate", "13782900415"),
    ("邓美玲", "street_delegate", "18239765502"),
    ("梁永军", "street_delegate", "13608466271"),
)

COMMUNITIES = (
    "贤山社区",
    "民权社区",
    "东方红社区",
    "湖东社区",
    "茶韵社区",
    "五星社区",
    "北京路社区",
    "工区路社区",
)
ESTATES = (
    "棉纺厂家属院",
    "邮电小区",
    "粮食局家属院",
    "新华苑",
    "浉河花园",
    "茶都嘉园",
    "电业局宿舍",
    "建设小区",
    "四一路老干部院",
    "东方红小区",
    "贤山雅居",
    "民权小区",
    "南湖春晓",
    "工区路二号院",
)
ROADS = (
    "新华西路",
    "民权路",
    "贤山路",
    "工区路",
    "东方红大道",
    "北京路",
    "中山路",
    "四一路",
    "湖东路",
    "胜利路",
)
FORUMS = ("老旧小区改造专题", "营商环境优化", "交通规范执法", "民生实事征集", "飞线充电治理")

SURNAMES = (
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
    "郭",
    "何",
    "高",
    "林",
    "罗",
    "郑",
    "梁",
    "谢",
    "宋",
    "唐",
    "许",
    "韩",
    "冯",
    "邓",
    "曹",
    "彭",
    "曾",
    "肖",
    "田",
)
# Weights follow the usual frequency of Chinese surnames (王/李/张 ~ 7% each).
SURNAME_WEIGHTS = (
    7.1,
    7.0,
    6.8,
    5.4,
    4.5,
    3.1,
    2.3,
    2.3,
    2.0,
    1.9,
    1.7,
    1.5,
    1.2,
    1.2,
    1.2,
    1.1,
    1.1,
    1.0,
    1.0,
    0.9,
    0.9,
    0.8,
    0.8,
    0.8,
    0.7,
    0.7,
    0.7,
    0.6,
    0.6,
    0.6,
    0.6,
    0.6,
    0.5,
    0.5,
)
RARE_SURNAMES = ("亓", "仉", "禚", "鄢")
GIVEN_CHARS = (
    "国建华秀英明丽军志强文平春兰玉霞桂芳红梅海涛伟敏静磊洋勇艳杰娟涛斌超辉鹏娜浩宇欣怡子轩雨萱晨佳琪"
)
MOBILE_PREFIXES = (
    "138",
    "139",
    "137",
    "135",
    "150",
    "151",
    "152",
    "158",
    "159",
    "182",
    "183",
    "186",
    "187",
    "188",
    "176",
    "177",
    "199",
    "155",
    "156",
    "130",
    "131",
    "132",
    "133",
    "153",
    "189",
)


@dataclass(frozen=True)
class Topic:
    category: str
    units: tuple[str, ...]
    contents: tuple[str, ...]
    on_site: tuple[str, ...]  # empty: cannot be settled on the spot
    replies: tuple[str, ...]
    weight: float = 1.0


TOPICS: tuple[Topic, ...] = (
    Topic(
        "城建",
        ("浉河区住房和城乡建设局", "五星街道办事处"),
        (
            "{estate}{bldg}号楼共{floors}层，住户多是六七十岁的老人，上下楼非常困难。楼里已有{k}户签字同意加装电梯，"
            "但一楼住户担心采光和噪音不同意，希望代表帮助协调，并说明老旧小区加装电梯的补贴政策和审批流程。",
            "我们{estate}去年就申请加装电梯了，材料交到街道后一直没有消息，想问问审批卡在哪个环节，什么时候能开工。",
            "{estate}{bldg}号楼加装电梯已经施工三个月，工地停工一个多月没人管，楼道口堆满建材，老人进出很危险。",
        ),
        (
            "工作人员当场讲解了加装电梯的补贴标准（每台补助20万元）和办理流程，并把街道加梯专班的联系电话留给群众。",
        ),
        (
            "经区住建局牵头、街道和社区三方协调，一楼住户已签字同意，加装电梯方案已通过联合审查，预计{month}月开工。",
            "已督促施工单位清理楼道建材并设置安全围挡，施工单位承诺{days}日内复工，社区每周上门查看进度。",
        ),
        weight=2.2,
    ),
    Topic(
        "城建",
        ("浉河区城市管理局",),
        (
            "{road}{estate}门口一段路面坑洼不平，下雨天积水能没过脚面，窨井盖也松动了，晚上骑电动车经过很危险。",
            "{estate}附近{road}的路灯坏了快一个月，晚上一片漆黑，老人和学生走夜路不安全。",
        ),
        (),
        (
            "区城管局已对该路段坑洼处进行修补，更换了松动的窨井盖，并疏通了两处排水口。",
            "已更换损坏路灯{k}盏，恢复正常照明，并将该路段纳入日常巡查。",
        ),
    ),
    Topic(
        "物业",
        ("五星街道办事处", "国网信阳供电公司浉河供电中心"),
        (
            "{estate}{bldg}号楼有住户从{floor}楼窗户拉电线下来给电动车充电，飞线充电存在很大的火灾隐患。小区里没有充电桩，"
            "大家也是没办法，希望能统一建设集中充电设施。",
            "小区电动车越来越多，楼道里停满了车还有人飞线充电，多次跟物业反映都没用，希望有关部门管一管。",
        ),
        ("值班代表现场联系社区网格员，当天对飞线进行了拆除，并告知集中充电棚建设计划已纳入今年民生实事。",),
        (
            "街道联合供电公司在{estate}新建集中充电棚{k}处、充电端口{ports}个，已全部投入使用，楼道飞线已全部清理。",
            "社区已组织物业开展飞线充电专项整治，拆除飞线{k}处，充电桩选址已征求居民意见，{month}月底前建成。",
        ),
        weight=1.6,
    ),
    Topic(
        "物业",
        ("浉河区住房和城乡建设局", "五星街道办事处"),
        (
            "{estate}物业费今年又涨了，可是楼道卫生没人打扫，门禁坏了半年没修，业主想知道物业费涨价是否经过备案。",
            "{estate}二次供水水箱多年没有清洗，自来水有黄色沉淀，物业说没有经费，希望有关部门督促处理。",
            "{estate}的物业公司突然撤场，小区垃圾没人清运，大门无人值守，居民很着急。",
        ),
        ("工作人员现场讲解了物业服务收费备案的查询方式，并联系社区约定下周召开业主、物业座谈会。",),
        (
            "区住建局约谈了物业公司，责令其限期整改，门禁系统已维修，楼道保洁恢复每日一次。",
            "街道已引入临时物业进驻，垃圾清运和门岗值守已恢复，社区正在指导业主大会选聘新物业。",
            "已督促物业完成二次供水水箱清洗消毒，水质检测报告已在小区公示栏张贴。",
        ),
        weight=1.4,
    ),
    Topic(
        "养老",
        ("浉河区人力资源和社会保障局",),
        (
            "我母亲今年{age}岁，常年卧床，养老保险待遇资格认证要刷脸，老人自己操作不了手机，担心认证不上停发养老金。",
            "退休后养老金一直没有按新标准调整，想问问今年调待是什么时候，怎么查询发放明细。",
            "我在外地打工缴了几年养老保险，回信阳后想把社保关系转回来，不知道需要准备哪些材料。",
        ),
        (
            "工作人员现场讲解了养老金资格认证的办法，可由子女通过“河南社保”APP代为认证，行动不便的可预约社区上门认证，"
            "并当场帮群众完成了认证。",
            "工作人员当场查询了养老金发放明细，解释了今年调整待遇的标准和补发时间，群众表示清楚了。",
            "工作人员说明了养老保险关系转移接续的办理材料和线上申请方式，并帮群众在手机上提交了转移申请。",
        ),
        (
            "区人社局已安排工作人员上门为老人完成待遇资格认证，养老金正常发放。",
            "经核查，群众的社保关系转移已办结，缴费年限已合并计算。",
        ),
        weight=1.5,
    ),
    Topic(
        "养老",
        ("浉河区民政局", "五星街道办事处"),
        (
            "我父亲{age}岁了，听说有高龄津贴，去社区问说还要材料，想了解申领条件和办理地点。",
            "社区附近没有老年食堂，独居老人吃饭不方便，希望能在{community}设一个助餐点。",
        ),
        ("工作人员讲解了高龄津贴的申领条件（80周岁以上）和所需材料，社区可代办，群众表示满意。",),
        (
            "区民政局已审核通过老人的高龄津贴申请，自下月起按月发放。",
            "街道已在{community}党群服务中心开设老年助餐点，每天中午供应午餐，60岁以上老人享受优惠。",
        ),
    ),
    Topic(
        "医保",
        ("浉河区医疗保障局",),
        (
            "我在郑州住院花了{amount}元，出院时没有办理异地就医备案，回来报销比例降低了很多，想问问能不能补办备案。",
            "家里老人有高血压和糖尿病，想申请门诊慢特病待遇，不知道要去哪里鉴定，需要什么材料。",
            "城乡居民医保今年缴费时系统显示已断缴，可我明明交过了，现在看病不能报销。",
            "孩子在外地上学期间生病住院，医保报销被告知材料不全，来回跑了好几趟，希望能一次说清楚。",
        ),
        (
            "工作人员现场讲解了异地就医备案补办和手工报销的流程，并指导群众通过“国家医保服务平台”APP完成了补备案。",
            "工作人员说明了门诊慢特病申请的材料和鉴定医院，群众表示回去准备材料后直接办理。",
        ),
        (
            "区医保局已为群众补办异地就医备案，按规定比例完成报销，报销款{amount2}元已打到个人账户。",
            "经核查系缴费信息未同步，区医保局已更正参保状态，并补报了此前的门诊费用。",
            "区医保局已通知群众一次性告知所需材料，报销已办结。",
        ),
        weight=1.5,
    ),
    Topic(
        "交通",
        ("信阳市公安局交通警察支队浉河大队",),
        (
            "{road}和{road2}交叉口的电子抓拍设置不合理，标线模糊，左转待转区看不清，一个月内好几位邻居被罚款，希望核查。",
            "{road}上有交警在路口随意拦车检查，执法时没有出示证件，希望规范交通执法。",
            "学校放学时间{road}拥堵严重，家长的车乱停乱放，希望交警在高峰期加强疏导。",
        ),
        ("值班代表当场讲解了交通违法记录的复核渠道，并帮助群众通过“交管12123”APP提交了复核申请。",),
        (
            "交警大队已对该路口标线重新施划，调整了抓拍设备的提示标志，对标线不清期间的违法记录进行了复核。",
            "交警大队已对相关执法人员进行了批评教育，并在路口设置执法公示牌，接受群众监督。",
            "交警大队已在放学高峰安排警力疏导，并在学校周边增设临时停车泊位。",
        ),
        weight=1.3,
    ),
    Topic(
        "交通",
        ("浉河区交通运输局",),
        (
            "{estate}附近没有公交站，老人去医院要走二十多分钟，希望增设站点或调整{line}路公交线路。",
            "{line}路公交车晚上七点就收班了，下晚班的工人回家很不方便，希望延长运营时间。",
        ),
        (),
        (
            "区交通运输局已会同公交公司调整{line}路线路，在{estate}门口增设站点，已于{month}月起运行。",
            "公交公司已将{line}路末班车延长至21:00，并在站牌公示新的运营时间。",
        ),
    ),
    Topic(
        "营商环境",
        ("浉河区市场监督管理局", "浉河区政务服务和大数据管理局"),
        (
            "我在{road}开了一家茶叶店，办理食品经营许可证来回跑了三趟，每次都说材料不对，希望能一次性告知。",
            "个体工商户营业执照变更经营范围，线上系统一直提交不了，窗口又让回去线上办，两头跑。",
            "我们公司想在浉河区开一家分店，听说办证要二十个工作日，能不能加快办理，有没有“一件事”集成办理。",
        ),
        (
            "工作人员陪同群众到市场监管窗口，当场一次性告知所需材料，并预约了现场核查时间。",
            "值班代表现场联系政务服务中心“办不成事”反映窗口，当场帮群众完成了营业执照变更。",
        ),
        (
            "区市场监管局已为群众办结食品经营许可证，并对窗口人员一次性告知不到位的问题进行了通报整改。",
            "区政务服务局已优化线上系统，开通“一件事”集成办理，群众的开店手续已于{days}个工作日内办结。",
        ),
        weight=1.2,
    ),
    Topic(
        "营商环境",
        ("国网信阳供电公司浉河供电中心",),
        (
            "我们在{road}的加工厂申请增容用电，报装三个月了还没有接电，影响生产。",
            "小店门头招牌更换需要审批，跑了城管又让找住建，不知道到底归谁管。",
        ),
        (),
        (
            "供电公司已开通绿色通道，完成增容工程并送电，比承诺时限提前{days}天。",
            "已明确门头招牌设置由区城管局统一审批，群众已按流程办结。",
        ),
    ),
    Topic(
        "户籍",
        ("信阳市公安局浉河分局户政科",),
        (
            "孩子要在郑州上学，需要把户口从{community}迁过去，跨市迁移不知道是先开准迁证还是先办迁出。",
            "结婚后想把户口迁到丈夫家所在的{community}，户籍窗口说房产证名字不对不能落户。",
            "家里老人身份证过期了，老人行动不便不能去派出所拍照，想问问能不能上门办理。",
            "新生儿落户需要出生医学证明，医院开的证明名字写错了，现在落不了户。",
        ),
        (
            "工作人员讲解了跨省迁移“一站式”办理的流程，群众在迁入地即可申请，不用两地跑。",
            "工作人员说明了身份证上门办理的预约方式，群众当场拨打户政科电话约好了上门时间。",
        ),
        (
            "户政科已为群众办理户口迁移，核对了房屋产权证明后准予落户。",
            "户政科民警已上门为老人采集照片，新身份证已送达。",
            "经与医院协调，出生医学证明已更正，新生儿已完成落户。",
        ),
        weight=1.2,
    ),
    Topic(
        "教育",
        ("浉河区教育体育局",),
        (
            "{estate}今年划片划到了离家三公里外的学校，小孩上学要穿过{road}，希望重新考虑学区划分。",
            "学校周边有小摊贩卖三无食品，孩子放学买了吃坏了肚子，希望加强监管。",
        ),
        (),
        (
            "区教体局已就学区划分听取了居民意见，对{estate}适龄儿童可选择就近两所学校入学。",
            "区市场监管部门联合学校对周边流动摊贩进行了清理，并建立了常态化巡查机制。",
        ),
    ),
    Topic(
        "环境",
        ("信阳市生态环境局浉河分局", "浉河区城市管理局"),
        (
            "{road}的烧烤店油烟直排，晚上营业到凌晨两点，噪音油烟扰民，楼上住户没法开窗。",
            "{estate}旁边的建筑工地夜间施工，十一点以后还有打桩声，影响居民休息。",
            "{community}的垃圾站清运不及时，夏天臭味很大，蚊蝇很多。",
        ),
        (),
        (
            "环保分局已责令烧烤店安装油烟净化设施，营业时间调整至23点前，经回访已整改到位。",
            "已对施工单位夜间施工行为立案处理，施工单位承诺夜间22点后停止高噪声作业。",
            "城管局已将该垃圾站清运频次调整为每日两次，并对站点进行了消杀。",
        ),
    ),
    Topic(
        "其他",
        ("国网信阳供电公司浉河供电中心", "五星街道办事处"),
        (
            "今年夏天用电高峰期{estate}频繁停电，一周停了三次，家里老人怕热，希望尽快解决。",
            "{community}广场舞音响声音太大，晚上九点后还在跳，影响学生学习。",
            "想了解人大代表联系群众的活动安排，我们小区的问题想当面反映给代表。",
        ),
        (
            "值班代表和群众一起查看了代表接待日安排，群众登记了下次接待时间。",
            "工作人员现场联系社区，协调广场舞队伍降低音量、晚上九点前结束。",
        ),
        (
            "供电公司已对{estate}配电变压器增容改造，新增变压器一台，停电问题已解决。",
            "街道协调社区与广场舞队伍签订了文明公约，音量和时间已规范。",
        ),
    ),
)

CHANNEL_WEIGHTS: tuple[tuple[Channel, float], ...] = (
    (Channel.WALK_IN, 35),
    (Channel.WINDOW_VISIT, 14),
    (Channel.QR_SCAN, 15),
    (Channel.OPINION_BOX, 7),
    (Channel.HOTLINE_12345, 12),
    (Channel.LIVE_STREAM, 5),
    (Channel.FORUM, 12),
)

SATISFIED_WORDS = (
    "问题已经解决了，感谢代表和工作人员。",
    "办得很快，很满意。",
    "电话里说已经弄好了，我去看了确实解决了。",
    "感谢监督岗，跑一趟就办成了。",
    "比原来好多了，谢谢关心。",
)
BASIC_WORDS = (
    "基本解决了，希望后面继续跟进。",
    "大部分问题解决了，还有点小问题能接受。",
    "总体可以，就是时间有点长。",
)
DISSATISFIED_WORDS = (
    "答复只是解释政策，问题没有实际解决。",
    "说是整改了，我去看还是老样子。",
    "单位打电话来敷衍了几句，没有人到现场看。",
    "答复的时间过了还没动静，不满意。",
)
SIGN_OFF_NOTES = ("群众回访满意，予以销号。", "经回访确认整改到位，销号。", "")


class _Clock:
    """The store's clock, moved by the demo before each step."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class _Step:
    kind: str  # receive | refer | reply | callback | sign_off
    day: int  # days after the reception day
    verdict: Verdict | None = None
    working_days: int = 15
    at: datetime | None = None


@dataclass
class _Plan:
    idx: int
    target: str
    steps: list[_Step] = field(default_factory=list)


# Share of final states: a year-old desk is mostly closed, with a tail of open work.
TARGET_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("resolved", 30),
    ("signed_off", 45),
    ("awaiting", 2.5),
    ("referred", 7),
    ("overdue", 3.5),
    ("replied", 4),
    ("satisfied", 5),
    ("dissatisfied", 2.5),
)
# Every state and the second round appear even in a small demo.
FORCED_TARGETS: tuple[tuple[str, int], ...] = (
    ("resolved", 1),
    ("awaiting", 1),
    ("referred", 1),
    ("overdue", 1),
    ("replied", 1),
    ("satisfied", 1),
    ("dissatisfied", 1),
    ("signed_off", 1),
    ("signed_off", 2),
    ("referred", 2),
    ("overdue", 2),
    ("satisfied", 2),
    # For the office's other moves (_office_moves): void, merge, withdraw; return twice; reopen;
    # close with an explanation.
    ("awaiting", 1),
    ("awaiting", 1),
    ("awaiting", 1),
    ("referred", 1),
    ("referred", 1),
    ("signed_off", 1),
    ("dissatisfied", 1),
)
HISTORY_DAYS = 360
# The office's own moves (_office_moves) are made this long before `now`; every case's history
# ends before them, so that a move such as reopening comes after the sign-off it reopens.
OFFICE_MOVES_BEFORE = timedelta(hours=2)


_T = TypeVar("_T")


def _pick(rng: random.Random, weighted: tuple[tuple[_T, float], ...]) -> _T:
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights=weights)[0]


def _plan(rng: random.Random, idx: int, target: str, rounds: int) -> tuple[_Plan, int]:
    """A case's steps in days after its reception, and the day offset 'today' must fall on."""
    plan = _Plan(idx, target, [_Step("receive", 0)])
    if target == "resolved":
        return plan, rng.randint(0, HISTORY_DAYS)
    day = 0
    ref_delay = rng.choice((0, 0, 1, 1, 2, 3, 5))
    if target == "awaiting":
        return plan, rng.randint(0, ref_delay + 1)
    for r in range(1, rounds + 1):
        day += ref_delay if r == 1 else rng.randint(1, 6)
        wd = rng.choice((5, 10, 15, 15, 15, 20)) if r == 1 else rng.choice((5, 10, 10))
        plan.steps.append(_Step("refer", day, working_days=wd))
        last = r == rounds
        if last and target == "referred":
            return plan, day + rng.randint(0, wd)
        if last and target == "overdue":
            grace = wd * 7 // 5 + 10
            return plan, day + grace + rng.randint(0, 45)
        late = rng.random() < 0.15
        reply_gap = rng.randint(wd * 7 // 5 + 2, wd * 7 // 5 + 15) if late else rng.randint(2, wd * 7 // 5)
        day += reply_gap
        plan.steps.append(_Step("reply", day))
        cb_gap = rng.randint(1, 7)
        if last and target == "replied":
            return plan, day + rng.randint(0, cb_gap)
        day += cb_gap
        if not last or target == "dissatisfied":
            plan.steps.append(_Step("callback", day, verdict=Verdict.DISSATISFIED))
            if last:
                return plan, day + rng.randint(0, 5)
            continue
        verdict = Verdict.BASICALLY_SATISFIED if rng.random() < 0.22 else Verdict.SATISFIED
        plan.steps.append(_Step("callback", day, verdict=verdict))
        sign_gap = rng.randint(0, 10)
        if target == "satisfied":
            return plan, day + rng.randint(0, sign_gap)
        day += sign_gap
        plan.steps.append(_Step("sign_off", day))
    return plan, rng.randint(day, max(day, HISTORY_DAYS))


def _work_time(rng: random.Random, day: date, channel: Channel | None = None) -> datetime:
    if channel in (Channel.HOTLINE_12345, Channel.QR_SCAN, Channel.LIVE_STREAM):
        minutes = rng.randint(7 * 60, 22 * 60)
    else:
        minutes = rng.choice(
            (rng.randint(8 * 60 + 30, 11 * 60 + 50), rng.randint(14 * 60 + 30, 17 * 60 + 30))
        )
    return datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes, seconds=rng.randint(0, 59))


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self) -> str:
        rng = self.rng
        surname = (
            rng.choice(RARE_SURNAMES) if rng.random() < 0.006 else rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
        )
        given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2, 2))))
        return surname + given

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randint(0, 99_999_999):08d}"

    def fill(self, template: str) -> str:
        rng = self.rng
        roads = rng.sample(ROADS, 2)
        return template.format(
            estate=rng.choice(ESTATES),
            community=rng.choice(COMMUNITIES),
            road=roads[0],
            road2=roads[1],
            bldg=rng.randint(1, 24),
            floors=rng.choice((6, 7)),
            floor=rng.randint(3, 7),
            k=rng.randint(3, 12),
            ports=rng.choice((40, 60, 80, 120)),
            age=rng.randint(78, 96),
            amount=rng.randint(80, 560) * 100,
            amount2=rng.randint(30, 300) * 100,
            line=rng.choice((3, 6, 11, 15, 23, 27, 31)),
            month=rng.randint(1, 12),
            days=rng.randint(3, 10),
        )


def _open_directories(store: DeskStore, clock: _Clock, now: datetime) -> tuple[str, list[str]]:
    """Set the desk up and add the demo's directories when missing. Returns the acting operator
    id and lines for the summary."""
    notes: list[str] = []
    clock.now = now - timedelta(days=HISTORY_DAYS + 5)
    if not store.is_set_up():
        clerk = store.set_up(
            station_name=STATION_NAME,
            short_name=STATION_SHORT,
            kind=StationKind.SUPERVISION_POST.value,
            district=DISTRICT,
            operator_name=CLERK_NAME,
            secret=CLERK_PIN,
        )
        store.add_operator(
            by=clerk.id, name=DEPUTY_OPERATOR_NAME, role=OperatorRole.DEPUTY.value, secret=DEPUTY_OPERATOR_PIN
        )
        notes.append(f"新建接待台 New desk set up: {STATION_NAME}（{STATION_SHORT}）")
        notes.append(
            f"操作员 Operators: {CLERK_NAME}（管理员 administrator）PIN {CLERK_PIN}；"
            f"{DEPUTY_OPERATOR_NAME}（值班代表 deputy）PIN {DEPUTY_OPERATOR_PIN}"
        )
    else:
        station = store.station()
        notes.append(f"已有接待台 Existing desk: {station.name}（{station.short_name}）; PINs unchanged")
        if any(o.name == CLERK_NAME for o in store.operators()):
            notes.append(
                f"演示操作员 Demo operators (if made by an earlier demo): {CLERK_NAME} PIN {CLERK_PIN}; "
                f"{DEPUTY_OPERATOR_NAME} PIN {DEPUTY_OPERATOR_PIN}"
            )
    operators = store.operators()
    office = (OperatorRole.ADMIN.value, OperatorRole.CLERK.value)
    acting = next((o for o in operators if o.name == CLERK_NAME and o.role in office), None)
    acting = (
        acting or next((o for o in operators if o.role == OperatorRole.ADMIN.value), None) or operators[0]
    )

    have_units = {u.name for u in store.handling_units(include_inactive=True)}
    added_units = 0
    for name, person, phone, address in UNITS:
        if name not in have_units:
            store.save_handling_unit(
                by=acting.id, name=name, contact_person=person, phone=phone, address=address
            )
            added_units += 1
    have_deputies = {d.name for d in store.deputies(include_inactive=True)}
    added_deputies = 0
    for name, level, phone in DEPUTIES:
        if name not in have_deputies:
            store.save_deputy(by=acting.id, name=name, level=level, phone=phone)
            added_deputies += 1
    notes.append(
        f"承办单位 Handling units: +{added_units}（共 {len(store.handling_units())}）；"
        f"代表 Deputies: +{added_deputies}（共 {len(store.deputies())}）"
    )
    return acting.id, notes


def fill_demo(data_dir: Path, cases: int = 400, seed: int = 2026, *, now: datetime | None = None) -> str:
    """Fill `data_dir` with a demo station and `cases` more cases; return a summary to print.

    `now` is the moment the demo ends at (default: the current time); cases spread over the
    twelve months before it. The same seed, `now` and folder contents give the same cases.
    """
    started = time.perf_counter()
    now = (now or datetime.now()).replace(microsecond=0)
    clock = _Clock(now)
    store = DeskStore.open(Path(data_dir), clock=clock)
    # Demo data is made again in a second: no fsync per commit while filling.
    try:
        with store.commits_without_fsync():
            by, notes = _open_directories(store, clock, now)
            existing = store.count_cases(store.case_filter())
            rng = random.Random(seed * 1_000_003 + existing)
            # A class of similar cases (类案) takes the last few of the cases asked for.
            story = len(CLASS_STORY) if cases >= CLASS_STORY_MIN_CASES else 0
            made = _play_cases(store, clock, rng, by, cases - story, now)
            if made >= len(FORCED_TARGETS):
                notes += _office_moves(store, clock, by, now)
            if story:
                notes += _class_story(store, clock, rng, by, now)
                made += story
            clock.now = now
            notes += _open_duty(store, by, now)
            counts = Counter(
                {st: store.count_cases(store.case_filter(statuses=(st.value,))) for st in CaseStatus}
            )
            total = store.count_cases(store.case_filter())
            overdue = store.count_cases(store.case_filter(overdue_only=True))
            second = store.count_cases(store.case_filter(min_round=2))
    finally:
        store.close()
    elapsed = time.perf_counter() - started
    lines = [
        f"演示数据 Demo data in {Path(data_dir)}",
        *notes,
        f"本次新增 Cases added: {made}（{elapsed:.1f} s）；合计 Total: {total}",
        f"其中超期 Overdue: {overdue}；二次督办 Second round or later: {second}",
        "状态 By status: " + "，".join(f"{STATUS_ZH[st]} {st.value} {counts[st]}" for st in CaseStatus),
    ]
    return "\n".join(lines)


def _office_moves(store: DeskStore, clock: _Clock, by: str, now: datetime) -> list[str]:
    """The office's day beyond the spine of a case, on the newest cases of each state: a slip
    returned (one referred again), chases of overdue slips, an extension approved and one waiting,
    a callback that did not reach the citizen, a dissatisfaction beyond policy closed with an
    explanation, a signed-off case reopened, a withdrawal, a registration voided, a duplicate
    merged, and a mistyped name corrected."""
    clock.now = now - OFFICE_MOVES_BEFORE
    today = clock.now.date()  # the store's day: two hours before `now` can be yesterday

    def newest(status: str) -> list[str]:
        return [r.id for r in store.list_cases(store.case_filter(statuses=(status,)), limit=10_000)]

    awaiting, referred = newest("awaiting_referral"), newest("referred")
    store.void(awaiting[0], reason="误登记：同一来电被登记两次，保留前一条", by=by)
    store.merge(awaiting[1], into_id=awaiting[-1], reason="与同一群众反映的同一事项重复", by=by)
    store.withdraw(awaiting[2], reason="群众来电表示问题已自行协商解决，撤回诉求", by=by)
    unit = store.handling_units()[0]
    store.return_slip(referred[0], returned_on=today, reason="该事项不属本单位职责，建议转交属地街道", by=by)
    store.return_slip(referred[1], returned_on=today, reason="交办单位有误", by=by)
    store.refer(
        referred[1],
        ReferralDraft(
            handling_unit_id=unit.id,
            handler=unit.contact_person,
            referred_on=today,
            working_days=10,
            supervisor=CLERK_NAME,
            note="原交办单位退回，改交属地办理",
        ),
        by=by,
    )
    chased = extended = 0
    for rid in referred[2:]:
        detail = store.case_detail(rid)
        slip = detail.current_referral
        if slip is None:
            continue
        if detail.overdue:
            store.record_chase(
                rid,
                ChaseDraft(
                    clock.now,
                    ChaseMethod.PHONE.value,
                    slip.handler or "承办人",
                    "已超期，承办单位答应三个工作日内书面答复",
                ),
                by=by,
            )
            chased += 1
        elif extended < 2 and slip.reply_due >= today:
            ext = store.request_extension(
                rid, ExtensionDraft(today, "需协调多个部门现场核查，申请延期", 5, slip.handler), by=by
            )
            if extended == 0:
                store.decide_extension(ext, approve=True, note="同意延期五个工作日", by=by)
            extended += 1
    replied = newest("replied")
    if replied:
        store.record_callback_attempt(
            replied[0],
            AttemptDraft(clock.now, CLERK_NAME, CallbackMethod.PHONE.value, "无人接听，明日再拨"),
            by=by,
        )
    dissatisfied = newest("dissatisfied")
    explained = next(
        (rid for rid in dissatisfied if store.case_detail(rid).callbacks[-1].cause == "beyond_policy"), None
    )
    if explained is None and len(dissatisfied) > 1:
        explained = dissatisfied[0]
        store.correct_verdict(
            explained,
            verdict="dissatisfied",
            cause="beyond_policy",
            reason="核实后群众诉求超出现行政策",
            by=by,
        )
    if explained is not None:
        store.close_explained(explained, reason="已向群众书面解释现行政策规定及可行的替代办法", by=by)
    store.reopen(newest("signed_off")[0], reason="群众反映问题再次出现", by=by)
    typo = store.case_detail(newest("referred")[-1])
    if typo.citizen_name:
        fixed = ReceptionDraft(
            received_at=typo.received_at,
            channel=typo.channel,
            content=typo.content,
            outcome=typo.outcome,
            citizen_name=typo.citizen_name + "（已核实）",
            citizen_phone=typo.citizen_phone,
            citizen_address=typo.citizen_address,
            category_id=typo.category_id,
            on_site_answer=typo.on_site_answer,
            headcount=typo.headcount,
            note=typo.note,
        )
        store.correct_registration(typo.id, fixed, reason="姓名登记不全，已与群众核实", by=by)
    return [
        f"办公室事务 Office moves: 退回 2，催办 {chased}，延期 {extended}，未接通 {min(len(replied), 1)}，"
        f"解释办结 {int(explained is not None)}，重办 1，撤回 1，作废 1，合并 1，更正 1"
    ]


# 类案 (issue 14, 办理一件、解决一片): four residents of one old estate ask for lifts within a few
# days; the clerk ticks the first as a similar case while registering the others (the class is
# formed and named), the office refers the class together on one slip to the housing bureau, the
# bureau answers the class slip once, and the residents are called back one by one (two satisfied,
# one of them signed off). The class stays open until the measure is in place.
CLASS_SUBJECT = "幸福小区老旧住宅加装电梯"
CLASS_STORY_MIN_CASES = 20
# (days before now, citizen, phone, building, what was raised)
CLASS_STORY: tuple[tuple[int, str, str, int, str], ...] = (
    (
        9,
        "陈桂芝",
        "13703761452",
        3,
        "住户多是七十岁以上的老人，上下楼非常困难，已有八户签字同意加装电梯，希望尽快立项。",
    ),
    (
        8,
        "刘德胜",
        "15837620913",
        5,
        "楼里老人多，想加装电梯，但不清楚补贴政策和审批流程，材料交到社区后没有回音。",
    ),
    (7, "周玉兰", "18937605528", 7, "申请加装电梯半年了，一楼住户担心采光不同意，希望代表帮助协调。"),
    (6, "王建平", "13598612207", 2, "老伴腿脚不便，六楼上下全靠背，盼着小区统一规划加装电梯。"),
)
CLASS_REPLY = (
    "区住建局已将幸福小区2、3、5、7号楼纳入今年老旧小区加装电梯计划，由街道加梯专班统一组织"
    "入户协商和方案设计，补贴按每台20万元执行，预计下季度开工。"
)


def _class_story(store: DeskStore, clock: _Clock, rng: random.Random, by: str, now: datetime) -> list[str]:
    from desk_app.storage.class_store import ClassStore

    units = {u.name: u for u in store.handling_units()}
    unit = units.get("浉河区住房和城乡建设局") or next(iter(units.values()))
    today = now.date()
    category = next((c.id for c in store.categories() if c.name == "城建"), None)
    first: str | None = None
    members: list[str] = []
    for days, name, phone, bldg, words in CLASS_STORY:
        clock.now = datetime.combine(today - timedelta(days=days), datetime.min.time()).replace(
            hour=9, minute=rng.randint(5, 55)
        )
        draft = ReceptionDraft(
            received_at=clock.now - timedelta(minutes=20),
            channel=Channel.WALK_IN.value,
            content=f"幸福小区{bldg}号楼{words}",
            outcome=Outcome.NEEDS_REFERRAL.value,
            citizen_name=name,
            citizen_phone=phone,
            citizen_address=f"五星街道幸福小区{bldg}号楼",
            category_id=category,
        )
        members.append(store.register_reception(draft, by=by, link_to=first))
        first = first or members[0]
    classes = ClassStore(store)
    info = classes.class_of_case(members[0])
    assert info is not None
    classes.rename(info.id, CLASS_SUBJECT, by=by)
    clock.now = datetime.combine(_weekday(today - timedelta(days=4)), datetime.min.time()).replace(hour=10)
    lead = classes.refer_together(
        info.id,
        ReferralDraft(
            handling_unit_id=unit.id,
            handler=unit.contact_person,
            referred_on=clock.now.date(),
            working_days=10,
            supervisor=CLERK_NAME,
        ),
        by=by,
    )
    # Answered yesterday: the callbacks not made yet are not overdue.
    replied = max(_weekday(today - timedelta(days=1)), clock.now.date() + timedelta(days=1))
    clock.now = datetime.combine(replied, datetime.min.time()).replace(hour=11)
    classes.reply_together(lead, replied_on=clock.now.date(), reply_text=CLASS_REPLY, by=by)
    clock.now = clock.now.replace(hour=15)
    for rid in members[:2]:
        clock.now += timedelta(minutes=25)
        store.record_callback(
            rid,
            CallbackDraft(
                called_at=clock.now,
                caller=CLERK_NAME,
                method=CallbackMethod.PHONE.value,
                verdict=Verdict.SATISFIED.value,
                citizen_words=rng.choice(SATISFIED_WORDS),
            ),
            by=by,
        )
    store.sign_off(members[0], by=by, note="群众满意，类案统一办理")
    clock.now = now
    serial = store.case_detail(members[0]).current_referral
    return [
        f"类案 Case class: {CLASS_SUBJECT}，{len(members)} 件一并交办"
        f"（交办单 {serial.serial if serial else ''}），已答复，回访满意 2，销号 1"
    ]


def _weekday(day: date) -> date:
    """`day`, or the Friday before it when it falls on a weekend."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _open_duty(store: DeskStore, by: str, now: datetime) -> list[str]:
    """A weekly duty pattern, this month's and next month's rota, and — on a duty day — the
    deputies of the morning checked in, so that 今日值班 and new receptions show a living desk."""
    if not store.duty_pattern():
        store.set_duty_pattern(
            [SlotTemplate(2, Period.MORNING, 3), SlotTemplate(4, Period.AFTERNOON, 2)], by=by
        )
    first = now.date().replace(day=1)
    after_next = (first + timedelta(days=62)).replace(day=1)
    made = store.make_rota(first, after_next - timedelta(days=1), by=by)
    today = store.today_duty(now.date())
    for duty in today.on_duty[:2]:
        if duty.visit is None:
            store.check_in(duty.assignment.deputy_id, by=by, at=now - timedelta(hours=1))
    return [
        f"排班 Rota {first:%Y-%m} – {(after_next - timedelta(days=1)):%Y-%m}: {made.slots} 班次 slots, "
        f"{len(made.unfilled)} 缺员 unfilled；今日值班 On duty today: {len(today.on_duty)}"
    ]


def _play_cases(
    store: DeskStore, clock: _Clock, rng: random.Random, by: str, cases: int, now: datetime
) -> int:
    today = now.date()
    writer = _Writer(rng)
    categories = {c.name: c.id for c in store.categories()}
    units = {u.name: u for u in store.handling_units()}
    deputies = store.deputies()
    deputy_names = [d.name for d in deputies]
    supervisors = [CLERK_NAME, *deputy_names[:4]]

    forced: dict[int, tuple[str, int]] = {}
    if cases:
        slots = rng.sample(range(cases), min(cases, len(FORCED_TARGETS)))
        forced = dict(zip(slots, FORCED_TARGETS, strict=False))

    plans: list[_Plan] = []
    drafts: dict[int, ReceptionDraft] = {}
    topics: dict[int, Topic] = {}
    queue: list[tuple[datetime, int, int]] = []
    for idx in range(cases):
        if idx in forced:
            target, rounds = forced[idx]
        else:
            target = str(_pick(rng, TARGET_WEIGHTS))
            rounds = 1 + (rng.random() < 0.12) + (rng.random() < 0.15 * 0.12)
            if target == "dissatisfied":
                rounds = 1 + (rng.random() < 0.15)
        topic = rng.choices(TOPICS, weights=[t.weight for t in TOPICS])[0]
        if target == "resolved" and not topic.on_site:
            topic = rng.choice(
                [t for t in TOPICS if t.on_site and t.category == topic.category]
                or [t for t in TOPICS if t.on_site]
            )
        plan, today_offset = _plan(rng, idx, target, rounds)
        day0 = today - timedelta(days=min(today_offset, HISTORY_DAYS + 30))
        channel = Channel(_pick(rng, CHANNEL_WEIGHTS))
        # Times of day, increasing within the case, ending before the office's moves.
        for step in plan.steps:
            step.at = _work_time(
                rng, day0 + timedelta(days=step.day), channel if step.kind == "receive" else None
            )
        limit = now - OFFICE_MOVES_BEFORE - timedelta(minutes=1)
        for step in reversed(plan.steps):
            assert step.at is not None
            step.at = min(step.at, limit)
            limit = step.at - timedelta(minutes=rng.randint(5, 40))
        for i in range(1, len(plan.steps)):
            prev, cur = plan.steps[i - 1].at, plan.steps[i].at
            assert prev is not None and cur is not None
            if cur <= prev:
                plan.steps[i].at = prev + timedelta(minutes=1)
        drafts[idx] = _reception_draft(rng, writer, topic, channel, plan, categories, deputies)
        topics[idx] = topic
        plans.append(plan)
        for n, step in enumerate(plan.steps):
            assert step.at is not None
            heapq.heappush(queue, (step.at, idx, n))

    ids: dict[int, str] = {}
    current_unit: dict[int, str] = {}
    while queue:
        at, idx, n = heapq.heappop(queue)
        step = plans[idx].steps[n]
        topic = topics[idx]
        clock.now = at
        if step.kind == "receive":
            ids[idx] = store.register_reception(drafts[idx], by=by)
        elif step.kind == "refer":
            names = [u for u in topic.units if u in units] or list(units)
            previous = current_unit.get(idx)
            unit = units[previous] if previous and rng.random() < 0.8 else units[rng.choice(names)]
            current_unit[idx] = unit.name
            note = "二次督办：群众对上轮答复不满意，请实地核查、限期整改到位。" if n > 1 else ""
            store.refer(
                ids[idx],
                ReferralDraft(
                    handling_unit_id=unit.id,
                    handler=unit.contact_person,
                    referred_on=at.date(),
                    working_days=step.working_days,
                    supervisor=rng.choice(supervisors),
                    note=note,
                ),
                by=by,
            )
        elif step.kind == "reply":
            store.record_reply(
                ids[idx], replied_on=at.date(), reply_text=writer.fill(rng.choice(topic.replies)), by=by
            )
        elif step.kind == "callback":
            assert step.verdict is not None
            words = {
                Verdict.SATISFIED: SATISFIED_WORDS,
                Verdict.BASICALLY_SATISFIED: BASIC_WORDS,
                Verdict.DISSATISFIED: DISSATISFIED_WORDS,
            }[step.verdict]
            method = rng.choices(list(CallbackMethod), weights=(70, 12, 6, 12))[0]
            # Most dissatisfaction is the unit's to mend (a second round); some asks beyond policy.
            cause = (
                ""
                if step.verdict is not Verdict.DISSATISFIED
                else rng.choices(("unit_fault", "beyond_policy"), weights=(85, 15))[0]
            )
            store.record_callback(
                ids[idx],
                CallbackDraft(
                    called_at=at,
                    caller=rng.choice(supervisors),
                    method=method.value,
                    verdict=step.verdict.value,
                    citizen_words=rng.choice(words),
                    cause=cause,
                ),
                by=by,
            )
        else:
            store.sign_off(ids[idx], by=by, note=rng.choice(SIGN_OFF_NOTES))
    return cases


def _reception_draft(
    rng: random.Random,
    writer: _Writer,
    topic: Topic,
    channel: Channel,
    plan: _Plan,
    categories: dict[str, str],
    deputies: list,
) -> ReceptionDraft:
    content = writer.fill(rng.choice(topic.contents))
    if channel is Channel.FORUM:
        content = f"在{rng.choice(FORUMS)}座谈会上，群众反映：{content}"
    elif channel is Channel.WINDOW_VISIT:
        content = f"代表走访政务服务窗口时，办事群众反映：{content}"
    elif channel is Channel.LIVE_STREAM:
        content = f"“代表在线”直播中网友留言：{content}"
    anonymous = channel in (Channel.OPINION_BOX, Channel.LIVE_STREAM) and rng.random() < 0.5
    name = "" if anonymous else writer.name()
    if anonymous:
        phone = ""
    elif rng.random() < 0.08:
        phone = f"0376-{rng.randint(2, 8)}{rng.randint(0, 999_999):06d}"
    else:
        phone = writer.mobile()
    community = rng.choice(COMMUNITIES)
    address = (
        "" if anonymous else f"{DISTRICT}五星街道{community}{rng.choice(ESTATES)}{rng.randint(1, 24)}号楼"
    )
    resolved = plan.target == "resolved"
    on_duty = channel in (Channel.WALK_IN, Channel.WINDOW_VISIT, Channel.FORUM) or rng.random() < 0.2
    deputy_ids: tuple[str, ...] = ()
    if deputies and on_duty:
        deputy_ids = tuple(d.id for d in rng.sample(deputies, min(len(deputies), rng.choice((1, 2, 2, 3)))))
    received_at = plan.steps[0].at
    assert received_at is not None
    return ReceptionDraft(
        received_at=received_at,
        channel=channel.value,
        content=content,
        outcome=(Outcome.RESOLVED_ON_SITE if resolved else Outcome.NEEDS_REFERRAL).value,
        citizen_name=name,
        citizen_phone=phone,
        citizen_address=address,
        category_id=categories.get(topic.category),
        deputy_ids=deputy_ids,
        on_site_answer=rng.choice(topic.on_site) if resolved else "",
    )
