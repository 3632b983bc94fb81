<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en_US">
<context>
    <name>ActionDialog</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 is later than today (%2): a date cannot be in the future.</source>
        <translation>%1 晚于今天（%2）：日期不能在将来。</translation>
    </message>
    <message>
        <source>%1 is too early: the earliest possible date is %2.</source>
        <translation>%1 太早：最早只能是 %2。</translation>
    </message>
    <message>
        <source>The chosen deadline lies beyond the years the holiday calendar knows (up to %1); it is estimated counting Monday to Friday.</source>
        <translation>所选期限超出节假日日历已知年份（至 %1 年），按周一至周五估算</translation>
    </message>
    <message>
        <source>Restored the unsaved draft (typed %1).</source>
        <translation>已恢复未保存的草稿（%1 录入）。</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
</context>
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Record an activity</source>
        <translation>记录活动</translation>
    </message>
    <message>
        <source>Change an activity</source>
        <translation>修改活动记录</translation>
    </message>
    <message>
        <source>One of the campaign&apos;s places, or any place</source>
        <translation>活动地点之一，或填写其他地点</translation>
    </message>
    <message>
        <source>Who attended</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <source>Headcount</source>
        <translation>参加人数</translation>
    </message>
    <message>
        <source>People met</source>
        <translation>接触群众</translation>
    </message>
    <message>
        <source>Deputies</source>
        <translation>参加代表</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ActivityModel</name>
    <message>
        <source>%1 (%2 attended)</source>
        <translation>%1（参加 %2 人）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Deputies</source>
        <translation>参加代表</translation>
    </message>
    <message>
        <source>People met</source>
        <translation>接触群众</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>AssignmentDialog</name>
    <message>
        <source>Replace a deputy on duty</source>
        <translation>替换值班代表</translation>
    </message>
    <message>
        <source>Swap two duties</source>
        <translation>对调两个班次</translation>
    </message>
    <message>
        <source>Add a deputy to the rota</source>
        <translation>手动添加值班代表</translation>
    </message>
    <message>
        <source>Duty: %1 %2 %3, %4</source>
        <translation>班次：%1 %2 %3，%4</translation>
    </message>
    <message>
        <source>Swap with</source>
        <translation>与此班次对调</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Deputy</source>
        <translation>代表</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>AuditTrail</name>
    <message>
        <source>wrong PIN, %1 in a row</source>
        <translation>PIN 错误，连续第 %1 次</translation>
    </message>
    <message>
        <source>%1 days set, %2 removed, %3 slip deadlines moved</source>
        <translation>设置 %1 天，删除 %2 天，%3 张交办单期限随之改变</translation>
    </message>
    <message>
        <source>no such operator</source>
        <translation>没有这个操作员</translation>
    </message>
    <message>
        <source>deactivated operator</source>
        <translation>操作员已停用</translation>
    </message>
    <message>
        <source>during a wait after wrong PINs</source>
        <translation>输错 PIN 后的等待期间</translation>
    </message>
    <message>
        <source>while locked</source>
        <translation>锁定期间</translation>
    </message>
</context>
<context>
    <name>AuditTrailPage</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>About</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Newer</source>
        <translation>较新</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>较早</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>Sign-ins and failed sign-ins, lockouts, PIN changes and resets, prints and exports of full phone numbers, and changes of the holiday calendar at this desk, newest first.</source>
        <translation>本机的登录和登录失败、锁定、修改和重置 PIN、打印或导出完整电话号码、修改节假日安排的记录，最新的在前。</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>第 %1 页</translation>
    </message>
</context>
<context>
    <name>BackgroundJob</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <source>Places visited</source>
        <translation>走访地点</translation>
    </message>
    <message>
        <source>Inspections</source>
        <translation>明察暗访</translation>
    </message>
    <message>
        <source>Forums</source>
        <translation>座谈会</translation>
    </message>
    <message>
        <source>Forum attendance</source>
        <translation>座谈会参加人数</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>调研</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>People met</source>
        <translation>接触群众</translation>
    </message>
    <message>
        <source>Problems found</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>已交办</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>提出建议</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <source>The date cannot be read: write it as 2027-01-01</source>
        <translation>日期看不懂：请写成 2027-01-01</translation>
    </message>
    <message>
        <source>The date is not in the year being imported</source>
        <translation>日期不在所导入的年份</translation>
    </message>
    <message>
        <source>The kind can only be 放假 (day off) or 上班 (working day)</source>
        <translation>类型只能是“放假”或“上班”</translation>
    </message>
    <message>
        <source>Not a holiday name: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 or 其他</source>
        <translation>节日只能是元旦、春节、清明节、劳动节、端午节、中秋节、国庆节或其他</translation>
    </message>
    <message>
        <source>This day is already in an earlier row</source>
        <translation>这一天前面已经有了</translation>
    </message>
    <message>
        <source>The file cannot be read: use an Excel .xlsx file or a UTF-8 .csv file.</source>
        <translation>无法读取文件：请用 .xlsx 格式的 Excel 文件或 UTF-8 编码的 .csv 文件。</translation>
    </message>
    <message>
        <source>The file is empty: its first row must be the headings (日期, 类型, 节日).</source>
        <translation>文件是空的：第 1 行应为表头（日期、类型、节日）。</translation>
    </message>
    <message>
        <source>The headings lack a required column: 日期 (date) and 类型 (kind).</source>
        <translation>表头缺少必填列：日期、类型。</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Day off or working day</source>
        <translation>放假或上班</translation>
    </message>
    <message>
        <source>Holiday</source>
        <translation>节日</translation>
    </message>
    <message>
        <source>Add a day…</source>
        <translation>添加一天…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Import the notice…</source>
        <translation>导入放假通知…</translation>
    </message>
    <message>
        <source>Write the table…</source>
        <translation>导出表格…</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Save the year</source>
        <translation>保存本年</translation>
    </message>
    <message>
        <source>Year:</source>
        <translation>年份：</translation>
    </message>
    <message>
        <source>Holiday calendar</source>
        <translation>节假日安排</translation>
    </message>
    <message>
        <source>The holidays and the weekends made working days of the State Council&apos;s notice. Deadlines, the rota and the studio days count on them. Type the days or import the notice as a table (date, kind, holiday: the template&apos;s columns), then save the year.</source>
        <translation>国务院放假通知中的放假日期和调休上班日。办理期限、排班和工作室接待日都按它计算。可以逐天录入，也可以把通知整理成表格（日期、类型、节日）导入，然后保存本年。</translation>
    </message>
    <message>
        <source>The desk knows the holidays up to %1.</source>
        <translation>本机已知的节假日安排到 %1 年。</translation>
    </message>
    <message>
        <source>Next year&apos;s holidays (%1) are not known yet: deadlines running into it are estimated. Enter the State Council&apos;s notice here as soon as it is published.</source>
        <translation>明年（%1 年）的节假日安排还不知道：跨入明年的期限都是估算的。国务院通知一公布，请在这里录入。</translation>
    </message>
    <message>
        <source>The office&apos;s days of %1, as entered.</source>
        <translation>%1 年办公室录入的日期。</translation>
    </message>
    <message>
        <source>The office has entered no days for %1: the desk follows the holiday package&apos;s copy of the notice. Enter days only to correct it.</source>
        <translation>办公室没有录入 %1 年的日期：本机按节假日程序包中的放假通知计算。只有需要更正时才录入。</translation>
    </message>
    <message>
        <source>Nobody has entered %1 yet: the desk estimates it from the statutory holidays, without the swapped workdays. Enter the notice when it is published.</source>
        <translation>还没有人录入 %1 年：本机按法定节假日估算（不含调休）。放假通知公布后请录入。</translation>
    </message>
    <message>
        <source>Import the holiday notice</source>
        <translation>导入放假通知</translation>
    </message>
    <message>
        <source>Tables (*.xlsx *.csv);;Excel files (*.xlsx);;CSV files (*.csv)</source>
        <translation>表格 (*.xlsx *.csv);;Excel 文件 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>%1 rows of the file have problems, so none of it was taken. Fix them and import the file again.</source>
        <translation>文件有 %1 行有问题，整个文件都没有导入。请改正后重新导入。</translation>
    </message>
    <message>
        <source>The file has no day of %1.</source>
        <translation>文件中没有 %1 年的日期。</translation>
    </message>
    <message>
        <source>%1 days read from the file. Check them, then save the year.</source>
        <translation>已从文件读入 %1 天。请核对后保存本年。</translation>
    </message>
    <message>
        <source>Write the holiday table</source>
        <translation>导出节假日表格</translation>
    </message>
    <message>
        <source>Holidays %1.xlsx</source>
        <translation>节假日安排 %1.xlsx</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx);;CSV files (*.csv)</source>
        <translation>Excel 文件 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已写出：%1</translation>
    </message>
    <message>
        <source>%1 saved: %2 days set, %3 removed.</source>
        <translation>%1 年已保存：设置 %2 天，删除 %3 天。</translation>
    </message>
    <message>
        <source>Slip %1: %2 → %3</source>
        <translation>交办单 %1：%2 → %3</translation>
    </message>
    <message>
        <source>%1 slip deadlines moved:</source>
        <translation>以下 %1 张交办单的期限改变：</translation>
    </message>
    <message>
        <source>No slip deadline moved.</source>
        <translation>没有交办单的期限因此改变。</translation>
    </message>
</context>
<context>
    <name>CallbackDialog</name>
    <message>
        <source>Call the citizen back</source>
        <translation>回访群众</translation>
    </message>
    <message>
        <source>Save the callback</source>
        <translation>保存回访</translation>
    </message>
    <message>
        <source>Phone: %1</source>
        <translation>电话：%1</translation>
    </message>
    <message>
        <source>What the citizen said, in their words</source>
        <translation>群众的原话</translation>
    </message>
    <message>
        <source>Called at</source>
        <translation>回访时间</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>回访人</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>回访方式</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>群众评价</translation>
    </message>
    <message>
        <source>Why dissatisfied</source>
        <translation>不满意原因</translation>
    </message>
    <message>
        <source>Citizen&apos;s words</source>
        <translation>群众意见</translation>
    </message>
    <message>
        <source>Deputy&apos;s suggestion “%1”: %2</source>
        <translation>代表建议“%1”：%2</translation>
    </message>
    <message>
        <source>Reply of %1 on %2 (slip %3):</source>
        <translation>%1 于 %2 的答复（交办单 %3）：</translation>
    </message>
    <message>
        <source>Dissatisfied with a demand beyond policy: the office may close the case with a written explanation, or start a second round.</source>
        <translation>诉求超出政策范围而不满意：办公室可以书面解释后办结，也可以进行二次督办。</translation>
    </message>
    <message>
        <source>Dissatisfied: the case will need a second round of supervision with a new slip.</source>
        <translation>不满意：此件需开出新的交办单进行二次督办。</translation>
    </message>
    <message>
        <source>The case can then be signed off.</source>
        <translation>之后即可销号。</translation>
    </message>
    <message>
        <source>Required: what the citizen said they are dissatisfied with, in their words</source>
        <translation>必填：群众对什么不满意，照群众原话记录</translation>
    </message>
    <message>
        <source>A dissatisfied citizen&apos;s words are required: write what they are dissatisfied with.</source>
        <translation>群众不满意时必须记录群众原话：请写明对什么不满意。</translation>
    </message>
</context>
<context>
    <name>CampaignPanel</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Import problem list…</source>
        <translation>导入问题清单…</translation>
    </message>
    <message>
        <source>Export problem list…</source>
        <translation>导出问题清单…</translation>
    </message>
    <message>
        <source>Export campaign report…</source>
        <translation>导出活动报告…</translation>
    </message>
    <message>
        <source>New campaign…</source>
        <translation>新建活动…</translation>
    </message>
    <message>
        <source>Change campaign…</source>
        <translation>修改活动…</translation>
    </message>
    <message>
        <source>Record activity…</source>
        <translation>记录活动…</translation>
    </message>
    <message>
        <source>Record result…</source>
        <translation>记录成效…</translation>
    </message>
    <message>
        <source>Draft suggestion…</source>
        <translation>起草建议…</translation>
    </message>
    <message>
        <source>Campaign:</source>
        <translation>活动：</translation>
    </message>
    <message>
        <source>Change activity…</source>
        <translation>修改活动记录…</translation>
    </message>
    <message>
        <source>Delete activity…</source>
        <translation>删除活动记录…</translation>
    </message>
    <message>
        <source>Make it a deputy&apos;s suggestion…</source>
        <translation>转为代表建议…</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>工作成效</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>活动记录</translation>
    </message>
    <message>
        <source>Problem list</source>
        <translation>问题清单</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>No campaign yet: set one up with New campaign….</source>
        <translation>还没有活动：请点“新建活动…”建立。</translation>
    </message>
    <message>
        <source>No campaign yet: the office sets campaigns up.</source>
        <translation>还没有活动：活动由站点工作人员建立。</translation>
    </message>
    <message>
        <source>%1 on %2 at %3</source>
        <translation>%2在%3的%1</translation>
    </message>
    <message>
        <source>no place</source>
        <translation>未填地点</translation>
    </message>
    <message>
        <source>Delete activity</source>
        <translation>删除活动记录</translation>
    </message>
    <message>
        <source>Delete the activity %1? Its figures leave the board; it cannot be brought back.</source>
        <translation>删除活动记录“%1”？其数字将从看板中去掉，删除后无法恢复。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Import problem list</source>
        <translation>导入问题清单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Nothing imported: %1 problems in the file.</source>
        <translation>未导入任何一行：文件中有 %1 处错误。</translation>
    </message>
    <message>
        <source>Imported %1 problems.</source>
        <translation>已导入 %1 个问题。</translation>
    </message>
    <message>
        <source>Export campaign report</source>
        <translation>导出活动报告</translation>
    </message>
    <message>
        <source>Export problem list</source>
        <translation>导出问题清单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;PDF (*.pdf)</source>
        <translation>Excel 工作簿 (*.xlsx);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已写出：%1</translation>
    </message>
</context>
<context>
    <name>CampaignRecordDialog</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CampaignSetupDialog</name>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Change campaign</source>
        <translation>修改活动</translation>
    </message>
    <message>
        <source>What the campaign is about</source>
        <translation>活动主题，如：加装电梯</translation>
    </message>
    <message>
        <source>Place name</source>
        <translation>地点名称</translation>
    </message>
    <message>
        <source>Add place</source>
        <translation>添加地点</translation>
    </message>
    <message>
        <source>Change place</source>
        <translation>修改地点</translation>
    </message>
    <message>
        <source>Remove place</source>
        <translation>删除地点</translation>
    </message>
    <message>
        <source>Result measure</source>
        <translation>成效指标</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Add measure</source>
        <translation>添加指标</translation>
    </message>
    <message>
        <source>Change measure</source>
        <translation>修改指标</translation>
    </message>
    <message>
        <source>Remove measure</source>
        <translation>删除指标</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Starts on</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Ends on</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Deputies</source>
        <translation>参加代表</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>走访地点</translation>
    </message>
    <message>
        <source>Result measures</source>
        <translation>成效指标</translation>
    </message>
    <message>
        <source>Choose a place or measure in its list to change or remove it. One used by activities, problems or counts cannot be removed.</source>
        <translation>在列表中选中地点或指标即可修改或删除；已被活动、问题或成效数量使用的不能删除。</translation>
    </message>
</context>
<context>
    <name>CaseListPanel</name>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Search names, phone numbers and what was raised (Ctrl+F)</source>
        <translation>搜索姓名、电话和反映内容（Ctrl+F）</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All open cases</source>
        <translation>全部未办结</translation>
    </message>
    <message>
        <source>All closed cases</source>
        <translation>全部已办结</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>全部站点</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>All handling units</source>
        <translation>全部承办单位</translation>
    </message>
    <message>
        <source>Received from</source>
        <translation>接待日期从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>只看超期</translation>
    </message>
    <message>
        <source>whatever it waits for</source>
        <translation>所有待办事项</translation>
    </message>
    <message>
        <source>slips not answered in time</source>
        <translation>交办单未按期答复</translation>
    </message>
    <message>
        <source>callbacks not made in time</source>
        <translation>未按期回访</translation>
    </message>
    <message>
        <source>slips not issued in time</source>
        <translation>未按期交办</translation>
    </message>
    <message>
        <source>Second round only</source>
        <translation>只看二次督办</translation>
    </message>
    <message>
        <source>Classes…</source>
        <translation>类案一览…</translation>
    </message>
    <message>
        <source>The station&apos;s case classes, open and settled</source>
        <translation>本站的类案（办理中和已办结）</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Show every case again</source>
        <translation>显示全部案件</translation>
    </message>
    <message>
        <source>Worklist: %1</source>
        <translation>今日待办：%1</translation>
    </message>
    <message>
        <source>%1 (no longer used)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <source>In a case class or not</source>
        <translation>类案不限</translation>
    </message>
    <message>
        <source>In a case class</source>
        <translation>已归入类案</translation>
    </message>
    <message>
        <source>In no case class</source>
        <translation>未归入类案</translation>
    </message>
    <message>
        <source>Case class: %1</source>
        <translation>类案：%1</translation>
    </message>
    <message>
        <source>%1 (settled)</source>
        <translation>%1（已办结）</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>%1 cases in all</source>
        <translation>共 %1 件</translation>
    </message>
    <message>
        <source>Showing %1 of %2 cases</source>
        <translation>显示 %1 / 共 %2 件</translation>
    </message>
    <message>
        <source>No case matches these filters.</source>
        <translation>没有符合筛选条件的案件。</translation>
    </message>
    <message>
        <source>No receptions registered yet.</source>
        <translation>还没有接待登记。</translation>
    </message>
    <message>
        <source>Search: %1</source>
        <translation>搜索：%1</translation>
    </message>
    <message>
        <source>Received from %1 to %2</source>
        <translation>接待日期 %1 至 %2</translation>
    </message>
    <message>
        <source>Overdue only: %1</source>
        <translation>只看超期：%1</translation>
    </message>
    <message>
        <source>No filter: every case of the desk</source>
        <translation>无筛选：本台全部案件</translation>
    </message>
    <message>
        <source>Sorted by %1, descending</source>
        <translation>按%1降序</translation>
    </message>
    <message>
        <source>Sorted by %1, ascending</source>
        <translation>按%1升序</translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation>筛选：%1</translation>
    </message>
    <message>
        <source>Export the case list to Excel</source>
        <translation>将案件列表导出为 Excel</translation>
    </message>
    <message>
        <source>Cases %1.xlsx</source>
        <translation>案件列表 %1.xlsx</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Case list</source>
        <translation>案件列表</translation>
    </message>
    <message>
        <source> · overdue</source>
        <translation> · 超期</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>%1 cases written to %2</source>
        <translation>已导出 %1 件到 %2</translation>
    </message>
</context>
<context>
    <name>CaseMoves</name>
    <message>
        <source>Slip %1 · %2 · reply due %3</source>
        <translation>交办单 %1 · %2 · 限 %3 前答复</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Slip No.</source>
        <translation>交办单号</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接待时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>群众</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>反映内容</translation>
    </message>
    <message>
        <source>Handling unit</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>限期答复</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Case class</source>
        <translation>类案</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>%1 · overdue</source>
        <translation>%1 · 超期</translation>
    </message>
    <message>
        <source>%1 · second round</source>
        <translation>%1 · 二次督办</translation>
    </message>
    <message>
        <source>Case class: %1</source>
        <translation>类案：%1</translation>
    </message>
    <message>
        <source>Overdue: the reply was due on %1 and has not come in.</source>
        <translation>已超期：应于 %1 前答复，至今未答复。</translation>
    </message>
    <message>
        <source>Overdue: the citizen was to be called back by %1.</source>
        <translation>已超期：应于 %1 前回访群众。</translation>
    </message>
    <message>
        <source>Overdue: the referral slip was to be issued by %1.</source>
        <translation>已超期：应于 %1 前开具交办单。</translation>
    </message>
    <message>
        <source>Second round of supervision (round %1): the citizen was dissatisfied with an earlier reply.</source>
        <translation>二次督办（第 %1 轮）：群众对之前的答复不满意。</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Loading the case…</source>
        <translation>正在打开案件…</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Open the case it was merged into</source>
        <translation>打开合并后的案件</translation>
    </message>
    <message>
        <source>Reception</source>
        <translation>接待登记</translation>
    </message>
    <message>
        <source>How it was handled</source>
        <translation>办理经过</translation>
    </message>
    <message>
        <source>Refer</source>
        <translation>交办</translation>
    </message>
    <message>
        <source>Record reply</source>
        <translation>登记答复</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation>销号</translation>
    </message>
    <message>
        <source>Not reached</source>
        <translation>未接通</translation>
    </message>
    <message>
        <source>Chase</source>
        <translation>催办</translation>
    </message>
    <message>
        <source>Extension request</source>
        <translation>延期申请</translation>
    </message>
    <message>
        <source>Decide extension</source>
        <translation>审批延期</translation>
    </message>
    <message>
        <source>Slip returned</source>
        <translation>单位退回</translation>
    </message>
    <message>
        <source>Close with explanation</source>
        <translation>解释办结</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重办</translation>
    </message>
    <message>
        <source>The citizen withdraws it…</source>
        <translation>群众撤回…</translation>
    </message>
    <message>
        <source>Void the registration…</source>
        <translation>作废登记…</translation>
    </message>
    <message>
        <source>Merge into another case…</source>
        <translation>合并到另一件…</translation>
    </message>
    <message>
        <source>Correct the registration…</source>
        <translation>更正登记…</translation>
    </message>
    <message>
        <source>Correct the slip…</source>
        <translation>更正交办单…</translation>
    </message>
    <message>
        <source>Correct the reply…</source>
        <translation>更正答复…</translation>
    </message>
    <message>
        <source>Correct the verdict…</source>
        <translation>更正回访评价…</translation>
    </message>
    <message>
        <source>Forward to 12345…</source>
        <translation>转12345…</translation>
    </message>
    <message>
        <source>Other moves</source>
        <translation>其他办理</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Full phone number</source>
        <translation>显示完整电话</translation>
    </message>
    <message>
        <source>Print the citizen&apos;s whole phone number on the slip; otherwise it is masked (139****5678).</source>
        <translation>在交办单上打印群众的完整电话号码；不勾选时隐去中间四位（139****5678）。</translation>
    </message>
    <message>
        <source>Print referral slip…</source>
        <translation>打印交办单…</translation>
    </message>
    <message>
        <source>A move of this case was begun and not saved: open it again to go on where you left off.</source>
        <translation>此案件有一项办理已开始填写但尚未保存：再次打开该操作即可接着填写。</translation>
    </message>
    <message>
        <source>Case not found</source>
        <translation>找不到该案件</translation>
    </message>
    <message>
        <source>Anonymous citizen</source>
        <translation>匿名群众</translation>
    </message>
    <message>
        <source>Case: %1</source>
        <translation>案件：%1</translation>
    </message>
    <message>
        <source>Round %1 · second round</source>
        <translation>第 %1 轮 · 二次督办</translation>
    </message>
    <message>
        <source>Handled by the district centre</source>
        <translation>区中心办理</translation>
    </message>
    <message>
        <source>Handled by the city</source>
        <translation>市级办理</translation>
    </message>
    <message>
        <source>Current slip %1 · %2 · reply due %3</source>
        <translation>当前交办单 %1 · %2 · 限期 %3 前答复</translation>
    </message>
    <message>
        <source>Slip %1 · %2 · returned on %3</source>
        <translation>交办单 %1 · %2 · %3 被退回</translation>
    </message>
    <message>
        <source> (referred again after a return)</source>
        <translation>（退回后重新交办）</translation>
    </message>
    <message>
        <source> This step is the office&apos;s.</source>
        <translation>这一步由办公室办理。</translation>
    </message>
    <message>
        <source>Waiting for the unit&apos;s reply, due by %1</source>
        <translation>待答复，应于 %1 前答复</translation>
    </message>
    <message>
        <source>Waiting for the callback, to make by %1</source>
        <translation>待回访，应于 %1 前回访</translation>
    </message>
    <message>
        <source>Waiting for a referral slip, to issue by %1</source>
        <translation>待交办，应于 %1 前开具交办单</translation>
    </message>
    <message>
        <source>Waiting for the second round, its slip to issue by %1</source>
        <translation>待二次督办，应于 %1 前开具交办单</translation>
    </message>
    <message>
        <source>Returned by the unit, to refer again by %1</source>
        <translation>已被退回，应于 %1 前重新交办</translation>
    </message>
    <message>
        <source>Reopened, its new slip to issue by %1</source>
        <translation>重办，应于 %1 前开具交办单</translation>
    </message>
    <message>
        <source> (overdue by %1 days)</source>
        <translation>（已超期 %1 天）</translation>
    </message>
    <message>
        <source> (estimated: the holiday calendar does not know that year yet)</source>
        <translation>（估算：节假日日历尚不知道该年份）</translation>
    </message>
    <message>
        <source>Next: refer the case to a handling unit.</source>
        <translation>下一步：交办给承办单位。</translation>
    </message>
    <message>
        <source>Next: the unit returned the slip; refer the case again, usually to another unit.</source>
        <translation>下一步：承办单位退回了交办单，请重新交办（通常交给另一单位）。</translation>
    </message>
    <message>
        <source>Next: the case was reopened; refer it on a new slip.</source>
        <translation>下一步：此件已重办，请开具新的交办单。</translation>
    </message>
    <message>
        <source>The unit asked for more time: the office decides on the request.</source>
        <translation>承办单位申请延期：请办公室审批。</translation>
    </message>
    <message>
        <source>Overdue: the reply was due on %1 and the unit has not answered. Press the unit, then record its reply.</source>
        <translation>已超期：应于 %1 前答复，承办单位尚未答复。请督促承办单位，收到后登记答复。</translation>
    </message>
    <message>
        <source>Next: wait for the unit&apos;s reply, due %1, and record it.</source>
        <translation>下一步：等待承办单位于 %1 前答复，收到后登记。</translation>
    </message>
    <message>
        <source>Next: call the citizen back and record their verdict.</source>
        <translation>下一步：回访群众并登记评价。</translation>
    </message>
    <message>
        <source>Next: sign the case off.</source>
        <translation>下一步：销号。</translation>
    </message>
    <message>
        <source>Next: the citizen&apos;s demand is beyond policy; close the case with a written explanation, or start the second round of supervision with a new slip.</source>
        <translation>下一步：群众诉求超出政策范围，可书面解释后办结，也可开具新交办单进行二次督办。</translation>
    </message>
    <message>
        <source>Next: the citizen was dissatisfied; start the second round of supervision with a new slip.</source>
        <translation>下一步：群众不满意，请开出新的交办单进行二次督办。</translation>
    </message>
    <message>
        <source>Signed off on %1 by %2.</source>
        <translation>已于 %1 由 %2 销号。</translation>
    </message>
    <message>
        <source>Closed with an explanation to the citizen; counted apart, never as satisfied.</source>
        <translation>已向群众解释后办结；单独统计，不计为满意。</translation>
    </message>
    <message>
        <source>Withdrawn by the citizen.</source>
        <translation>群众已撤回。</translation>
    </message>
    <message>
        <source>The registration was voided: it counts nowhere.</source>
        <translation>此登记已作废，不计入任何统计。</translation>
    </message>
    <message>
        <source>Merged into another case, where it is counted.</source>
        <translation>已合并到另一件，在那一件中统计。</translation>
    </message>
    <message>
        <source>Resolved on the spot; nothing more to do.</source>
        <translation>已现场解决，无需再办理。</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接待时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>群众</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>What was raised</source>
        <translation>反映内容</translation>
    </message>
    <message>
        <source>Receiving deputies</source>
        <translation>接待代表</translation>
    </message>
    <message>
        <source>People received</source>
        <translation>接待人数</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <source>Answer on the spot</source>
        <translation>现场答复</translation>
    </message>
    <message>
        <source>Registered by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>Slips</source>
        <translation>交办单</translation>
    </message>
    <message>
        <source>Extensions</source>
        <translation>延期</translation>
    </message>
    <message>
        <source>Chases</source>
        <translation>催办</translation>
    </message>
    <message>
        <source>%1 times; last on %2 (%3)</source>
        <translation>共 %1 次；最近一次 %2（%3）</translation>
    </message>
    <message>
        <source>Unreached callbacks</source>
        <translation>回访未接通</translation>
    </message>
    <message>
        <source>%1 times; last on %2</source>
        <translation>共 %1 次；最近一次 %2</translation>
    </message>
    <message>
        <source>Photos from the citizen</source>
        <translation>群众上传的照片</translation>
    </message>
    <message>
        <source> (online; the callback decides)</source>
        <translation>（网上评价；以回访为准）</translation>
    </message>
    <message>
        <source>Online evaluation</source>
        <translation>网上评价</translation>
    </message>
    <message>
        <source>Round %1 · %2 · %3</source>
        <translation>第 %1 轮 · %2 · %3</translation>
    </message>
    <message>
        <source>: returned on %1 (%2)</source>
        <translation>：%1 被退回（%2）</translation>
    </message>
    <message>
        <source>: replied on %1</source>
        <translation>：%1 已答复</translation>
    </message>
    <message>
        <source>: in force, reply due %1</source>
        <translation>：办理中，限 %1 前答复</translation>
    </message>
    <message>
        <source>%1 more working days asked on %2: awaiting decision</source>
        <translation>%2 申请延期 %1 个工作日：待审批</translation>
    </message>
    <message>
        <source>%1 more working days asked on %2: approved, due %3</source>
        <translation>%2 申请延期 %1 个工作日：已同意，期限延至 %3</translation>
    </message>
    <message>
        <source>%1 more working days asked on %2: refused</source>
        <translation>%2 申请延期 %1 个工作日：不同意</translation>
    </message>
    <message>
        <source>Meeting: %1</source>
        <translation>交办会：%1</translation>
    </message>
    <message>
        <source>Presiding: %1</source>
        <translation>主持：%1</translation>
    </message>
    <message>
        <source>Referred at a face-to-face meeting</source>
        <translation>在群众意见面对面沟通交办会上交办</translation>
    </message>
    <message>
        <source>Supervised by: %1</source>
        <translation>督办层级：%1</translation>
    </message>
    <message>
        <source>Deputy&apos;s suggestion</source>
        <translation>闭会期间代表建议</translation>
    </message>
    <message>
        <source>Deputy: %1</source>
        <translation>代表：%1</translation>
    </message>
    <message>
        <source>Level: %1</source>
        <translation>督办层级：%1</translation>
    </message>
    <message>
        <source>Supervision level</source>
        <translation>督办层级</translation>
    </message>
    <message>
        <source>Cases in the class now: %1</source>
        <translation>类案现有案件：%1 件</translation>
    </message>
    <message>
        <source>Put into the case class “%1”</source>
        <translation>归入类案“%1”</translation>
    </message>
    <message>
        <source>By %1</source>
        <translation>操作人：%1</translation>
    </message>
    <message>
        <source>Taken out of the case class “%1”</source>
        <translation>移出类案“%1”</translation>
    </message>
    <message>
        <source>Class slip %1, %2 cases referred together</source>
        <translation>类案交办单 %1，%2 件一并交办</translation>
    </message>
    <message>
        <source>Referred together with the case class “%1”</source>
        <translation>随类案“%1”一并交办</translation>
    </message>
    <message>
        <source>Rule or measure: %1</source>
        <translation>解决办法：%1</translation>
    </message>
    <message>
        <source>This case is signed off only after its own satisfied callback.</source>
        <translation>本案件须经群众本人满意回访后方可销号。</translation>
    </message>
    <message>
        <source>The case class “%1” was settled</source>
        <translation>类案“%1”已办结</translation>
    </message>
    <message>
        <source>Round %1 · second round of supervision</source>
        <translation>第 %1 轮 · 二次督办</translation>
    </message>
    <message>
        <source>Round %1</source>
        <translation>第 %1 轮</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>理由：%1</translation>
    </message>
    <message>
        <source>Reception registered</source>
        <translation>接待登记</translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <source>Resolved on the spot: %1</source>
        <translation>现场解决：%1</translation>
    </message>
    <message>
        <source>Registered by %1</source>
        <translation>登记人：%1</translation>
    </message>
    <message>
        <source>Referred on slip %1</source>
        <translation>交办，交办单编号 %1</translation>
    </message>
    <message>
        <source>Referred again on slip %1 (the last slip was returned)</source>
        <translation>重新交办，交办单 %1（原交办单被退回）</translation>
    </message>
    <message>
        <source>Handling unit: %1; handler: %2</source>
        <translation>承办单位：%1；承办人：%2</translation>
    </message>
    <message>
        <source>Supervisor: %1</source>
        <translation>督办人：%1</translation>
    </message>
    <message>
        <source>Reply due: %1 (%2 working days)</source>
        <translation>限期答复：%1（%2 个工作日）</translation>
    </message>
    <message>
        <source>Reply due: %1</source>
        <translation>限期答复：%1</translation>
    </message>
    <message>
        <source>The deadline was estimated counting Monday to Friday: the holiday calendar did not know that year yet. Check it when the new calendar is out.</source>
        <translation>此限期按周一至周五估算：节假日安排尚未公布该年度。新的节假日安排公布后请核对。</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Overdue: no reply yet, due on %1</source>
        <translation>超期：限期 %1，尚未答复</translation>
    </message>
    <message>
        <source>Referred by %1</source>
        <translation>交办人：%1</translation>
    </message>
    <message>
        <source>Reply received (on time)</source>
        <translation>承办单位答复（按期）</translation>
    </message>
    <message>
        <source>Reply received late</source>
        <translation>承办单位答复（超期）</translation>
    </message>
    <message>
        <source>Recorded by %1</source>
        <translation>登记人：%1</translation>
    </message>
    <message>
        <source>Callback: %1</source>
        <translation>回访：%1</translation>
    </message>
    <message>
        <source>Called by %1, by %2</source>
        <translation>回访人：%1，方式：%2</translation>
    </message>
    <message>
        <source>Slip %1 returned by the unit</source>
        <translation>交办单 %1 被承办单位退回</translation>
    </message>
    <message>
        <source>Handling unit: %1</source>
        <translation>承办单位：%1</translation>
    </message>
    <message>
        <source>Why: %1</source>
        <translation>理由：%1</translation>
    </message>
    <message>
        <source>Unit chased: %1</source>
        <translation>催办承办单位：%1</translation>
    </message>
    <message>
        <source>At the unit: %1</source>
        <translation>单位联系人：%1</translation>
    </message>
    <message>
        <source>What was said: %1</source>
        <translation>沟通情况：%1</translation>
    </message>
    <message>
        <source>Chased by %1</source>
        <translation>催办人：%1</translation>
    </message>
    <message>
        <source>Extension asked: %1 more working days</source>
        <translation>申请延期 %1 个工作日</translation>
    </message>
    <message>
        <source>Asked by %1 at the unit</source>
        <translation>申请人（承办单位）：%1</translation>
    </message>
    <message>
        <source>The reply was due on %1</source>
        <translation>原答复期限：%1</translation>
    </message>
    <message>
        <source>Extension approved: the reply is now due on %1</source>
        <translation>同意延期：答复期限延至 %1</translation>
    </message>
    <message>
        <source>Extension refused</source>
        <translation>不同意延期</translation>
    </message>
    <message>
        <source>Decided by %1</source>
        <translation>审批人：%1</translation>
    </message>
    <message>
        <source>Callback: the citizen was not reached</source>
        <translation>回访未接通</translation>
    </message>
    <message>
        <source>Why dissatisfied: %1</source>
        <translation>不满意原因：%1</translation>
    </message>
    <message>
        <source>The citizen said: %1</source>
        <translation>群众意见：%1</translation>
    </message>
    <message>
        <source>Closed with an explanation</source>
        <translation>解释办结</translation>
    </message>
    <message>
        <source>Explanation: %1</source>
        <translation>解释：%1</translation>
    </message>
    <message>
        <source>Closed by %1</source>
        <translation>办结人：%1</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重办</translation>
    </message>
    <message>
        <source>Reopened by %1</source>
        <translation>重办人：%1</translation>
    </message>
    <message>
        <source>Withdrawn by the citizen</source>
        <translation>群众撤回</translation>
    </message>
    <message>
        <source>Registration voided</source>
        <translation>登记作废</translation>
    </message>
    <message>
        <source>Merged into another case</source>
        <translation>合并到另一件</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
    <message>
        <source>Corrected by %1</source>
        <translation>更正人：%1</translation>
    </message>
    <message>
        <source>Transferred up to the district centre</source>
        <translation>转办至区中心</translation>
    </message>
    <message>
        <source>Transferred down to the station</source>
        <translation>转办至站点</translation>
    </message>
    <message>
        <source>Taken over by the district centre</source>
        <translation>区中心接办</translation>
    </message>
    <message>
        <source>Transferred to the city</source>
        <translation>转办至市级</translation>
    </message>
    <message>
        <source>Returned by the city</source>
        <translation>市级交回</translation>
    </message>
    <message>
        <source>City reference number: %1</source>
        <translation>市级来文编号：%1</translation>
    </message>
    <message>
        <source>The city&apos;s answer: %1</source>
        <translation>市级答复意见：%1</translation>
    </message>
    <message>
        <source>Reply from the city</source>
        <translation>市级答复</translation>
    </message>
    <message>
        <source>The city&apos;s reply: %1</source>
        <translation>市级答复：%1</translation>
    </message>
    <message>
        <source>Forwarded to 12345</source>
        <translation>已转12345</translation>
    </message>
    <message>
        <source>Pending: the central server sends it at the next sync</source>
        <translation>待转交：下次同步时由中心服务器转交</translation>
    </message>
    <message>
        <source>Forwarded by %1</source>
        <translation>转交人：%1</translation>
    </message>
    <message>
        <source>Sent to 12345: work order %1</source>
        <translation>已转交12345，工单号 %1</translation>
    </message>
    <message>
        <source>12345 closed work order %1</source>
        <translation>12345已办结工单 %1</translation>
    </message>
    <message>
        <source>The platform&apos;s notes: %1</source>
        <translation>平台办理情况：%1</translation>
    </message>
    <message>
        <source>12345 refused the forward</source>
        <translation>12345平台未接收此次转交</translation>
    </message>
    <message>
        <source>Signed off</source>
        <translation>已销号</translation>
    </message>
    <message>
        <source>Signed off by %1</source>
        <translation>销号人：%1</translation>
    </message>
    <message>
        <source>Registration corrected</source>
        <translation>更正登记</translation>
    </message>
    <message>
        <source>Callback verdict corrected</source>
        <translation>更正回访评价</translation>
    </message>
    <message>
        <source>Reply corrected</source>
        <translation>更正答复</translation>
    </message>
    <message>
        <source>Referral slip corrected</source>
        <translation>更正交办单</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>督办人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>办理时限（工作日）</translation>
    </message>
    <message>
        <source>Reply due</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <source>Replied on</source>
        <translation>答复日期</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>答复内容</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Why dissatisfied</source>
        <translation>不满意原因</translation>
    </message>
    <message>
        <source>This case has no referral slip yet.</source>
        <translation>此案件还没有交办单。</translation>
    </message>
    <message>
        <source>Second round (re-refer)</source>
        <translation>二次督办</translation>
    </message>
    <message>
        <source>Refer again</source>
        <translation>重新交办</translation>
    </message>
    <message>
        <source>What you typed in “%1” is kept as a draft: open it again to go on.</source>
        <translation>“%1”中已填写的内容已存为草稿，再次打开即可继续。</translation>
    </message>
    <message>
        <source>Round %1 · %2</source>
        <translation>第 %1 轮 · %2</translation>
    </message>
    <message>
        <source>No Chinese font was found on this computer, so the slip was not made (its characters would print as empty boxes). Install a Chinese TrueType font such as WenQuanYi Micro Hei or SimSun.</source>
        <translation>本机找不到中文字体，未生成交办单（否则汉字会打印成方框）。请安装文泉驿微米黑或宋体等中文 TrueType 字体。</translation>
    </message>
    <message>
        <source>Referral slip %1</source>
        <translation>交办单 %1</translation>
    </message>
</context>
<context>
    <name>CentreTallyTab</name>
    <message>
        <source>A month</source>
        <translation>月度</translation>
    </message>
    <message>
        <source>A quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>A half-year</source>
        <translation>半年</translation>
    </message>
    <message>
        <source>A year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Citizens received</source>
        <translation>接待群众</translation>
    </message>
    <message>
        <source>Opinions</source>
        <translation>收集意见</translation>
    </message>
    <message>
        <source>Resolved on the spot</source>
        <translation>现场解决</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>交办</translation>
    </message>
    <message>
        <source>Replied</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Replied on time</source>
        <translation>按期答复</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Signed off</source>
        <translation>销号</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Handled by the station</source>
        <translation>站点办理</translation>
    </message>
    <message>
        <source>Handled by the centre</source>
        <translation>区中心办理</translation>
    </message>
    <message>
        <source>Transferred out</source>
        <translation>转出</translation>
    </message>
    <message>
        <source>Transferred in</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>Handled by the city</source>
        <translation>市级办理</translation>
    </message>
    <message>
        <source>Transferred to the city</source>
        <translation>转出至市级</translation>
    </message>
    <message>
        <source>Returned by the city</source>
        <translation>市级交回</translation>
    </message>
    <message>
        <source>holding</source>
        <translation>包含日期</translation>
    </message>
    <message>
        <source>District total</source>
        <translation>全区合计</translation>
    </message>
    <message>
        <source>%1 stations, %2 to %3</source>
        <translation>%1 个站点，%2 至 %3</translation>
    </message>
    <message>
        <source>Export the stations&apos; tally to Excel</source>
        <translation>将各站点统计导出为 Excel</translation>
    </message>
    <message>
        <source>Stations %1.xlsx</source>
        <translation>各站点统计 %1.xlsx</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Save the stations&apos; tally as PDF</source>
        <translation>将各站点统计另存为 PDF</translation>
    </message>
    <message>
        <source>Stations %1.pdf</source>
        <translation>各站点统计 %1.pdf</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Written to %1</source>
        <translation>已写入 %1</translation>
    </message>
</context>
<context>
    <name>ChangePinDialog</name>
    <message>
        <source>Choose a new PIN</source>
        <translation>设置新的 PIN</translation>
    </message>
    <message>
        <source>Change my PIN</source>
        <translation>修改我的 PIN</translation>
    </message>
    <message>
        <source>A new PIN for %1</source>
        <translation>为 %1 设置新的 PIN</translation>
    </message>
    <message>
        <source>Your PIN is too easy to guess under the desk&apos;s PIN rules. Choose a new one before going on; the desk cannot be used with the old one.</source>
        <translation>按照接待台的 PIN 规则，您现在的 PIN 太容易被猜到。请先设置新的 PIN 再继续；用原来的 PIN 不能使用接待台。</translation>
    </message>
    <message>
        <source>Current PIN:</source>
        <translation>现在的 PIN：</translation>
    </message>
    <message>
        <source>New PIN:</source>
        <translation>新 PIN：</translation>
    </message>
    <message>
        <source>New PIN again:</source>
        <translation>再输一次新 PIN：</translation>
    </message>
    <message>
        <source>At least %1 characters, not easy to guess (not 123456, 000000 or your birthday).</source>
        <translation>至少 %1 位，不要用容易猜到的（如 123456、000000 或生日）。</translation>
    </message>
    <message>
        <source>Save the new PIN</source>
        <translation>保存新 PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Type your current PIN.</source>
        <translation>请输入现在的 PIN。</translation>
    </message>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
</context>
<context>
    <name>ChaseDialog</name>
    <message>
        <source>Chase the handling unit</source>
        <translation>催办承办单位</translation>
    </message>
    <message>
        <source>Save the chase</source>
        <translation>保存催办记录</translation>
    </message>
    <message>
        <source>Whom you spoke to at the unit</source>
        <translation>与承办单位的谁沟通</translation>
    </message>
    <message>
        <source>What was said: what the unit promised, by when</source>
        <translation>沟通情况：承办单位答应做什么、何时完成</translation>
    </message>
    <message>
        <source>Chased at</source>
        <translation>催办时间</translation>
    </message>
    <message>
        <source>How</source>
        <translation>催办方式</translation>
    </message>
    <message>
        <source>At the unit</source>
        <translation>单位联系人</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>沟通情况</translation>
    </message>
</context>
<context>
    <name>CityReplyDialog</name>
    <message>
        <source>The city&apos;s reply</source>
        <translation>市级答复</translation>
    </message>
    <message>
        <source>Record the reply</source>
        <translation>记录答复</translation>
    </message>
    <message>
        <source>Record what the city replied about this case? It stays with the city until the city hands it back.</source>
        <translation>记录市级对此案件的答复？市级交回之前，案件仍由市级办理。</translation>
    </message>
    <message>
        <source>The city&apos;s reply as received: e.g. a meeting of both districts is planned</source>
        <translation>收到的市级答复：例如拟召开两区协调会</translation>
    </message>
</context>
<context>
    <name>ClassBox</name>
    <message>
        <source>Not in a case class.</source>
        <translation>未归入类案。</translation>
    </message>
    <message>
        <source>Put into a class…</source>
        <translation>归入类案…</translation>
    </message>
    <message>
        <source>Take out of the class</source>
        <translation>移出类案</translation>
    </message>
    <message>
        <source>Refer together…</source>
        <translation>一并交办…</translation>
    </message>
    <message>
        <source>Class reply…</source>
        <translation>类案答复…</translation>
    </message>
    <message>
        <source>Settle the class…</source>
        <translation>类案办结…</translation>
    </message>
    <message>
        <source>Print the class slip</source>
        <translation>打印类案交办单</translation>
    </message>
    <message>
        <source>Case class</source>
        <translation>类案</translation>
    </message>
    <message>
        <source>%1 · %2 cases · formed by %3 on %4</source>
        <translation>%1 · %2 件 · %3 于 %4 建立</translation>
    </message>
    <message>
        <source>Settled on %1 by %2: %3</source>
        <translation>%1 由%2记录办结：%3</translation>
    </message>
    <message>
        <source>Class slip %1</source>
        <translation>类案交办单 %1</translation>
    </message>
</context>
<context>
    <name>ClassListDialog</name>
    <message>
        <source>Case classes</source>
        <translation>类案一览</translation>
    </message>
    <message>
        <source>Open classes</source>
        <translation>办理中的类案</translation>
    </message>
    <message>
        <source>Settled classes</source>
        <translation>已办结的类案</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部类案</translation>
    </message>
    <message>
        <source>Find a class by words of its name</source>
        <translation>按类案名称查找</translation>
    </message>
    <message>
        <source>Case class</source>
        <translation>类案</translation>
    </message>
    <message>
        <source>Formed</source>
        <translation>建立日期</translation>
    </message>
    <message>
        <source>Formed by</source>
        <translation>建立人</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Waiting for a slip</source>
        <translation>待交办</translation>
    </message>
    <message>
        <source>Referred together</source>
        <translation>已一并交办</translation>
    </message>
    <message>
        <source>Signed off</source>
        <translation>已销号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Show its cases in the case list</source>
        <translation>在案件列表中显示该类案的案件</translation>
    </message>
    <message>
        <source>Pick a class to see its cases and act on it.</source>
        <translation>选择一个类案，查看其案件并办理。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Settled on %1</source>
        <translation>%1办结</translation>
    </message>
    <message>
        <source>%1 classes</source>
        <translation>共 %1 个类案</translation>
    </message>
</context>
<context>
    <name>ClassReplyDialog</name>
    <message>
        <source>Reply to the class slip %1</source>
        <translation>类案交办单 %1 的答复</translation>
    </message>
    <message>
        <source>Replied on:</source>
        <translation>答复日期：</translation>
    </message>
    <message>
        <source>The unit&apos;s reply:</source>
        <translation>承办单位答复：</translation>
    </message>
    <message>
        <source>Each case is still called back on its own before it is signed off.</source>
        <translation>每件案件仍须分别回访后方可销号。</translation>
    </message>
</context>
<context>
    <name>CloseExplainedDialog</name>
    <message>
        <source>Close with an explanation</source>
        <translation>解释办结</translation>
    </message>
    <message>
        <source>Close the case</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>The citizen&apos;s demand is beyond policy. Close the case with the written explanation given to the citizen? It is counted apart, never as satisfied.</source>
        <translation>群众诉求超出政策范围。向群众作出书面解释后办结？此件单独统计，不计为满意。</translation>
    </message>
    <message>
        <source>Callback on %1: %2 (%3)</source>
        <translation>%1 回访：%2（%3）</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>解释内容</translation>
    </message>
    <message>
        <source>The explanation given to the citizen: the policy, and why the demand cannot be met</source>
        <translation>向群众所作的解释：相关政策，以及诉求为何不能满足</translation>
    </message>
</context>
<context>
    <name>CodesDialog</name>
    <message>
        <source>Print QR codes</source>
        <translation>打印二维码</translation>
    </message>
    <message>
        <source>Public address of the central server</source>
        <translation>中心服务器的公网地址</translation>
    </message>
    <message>
        <source>Reception hours (on the poster)</source>
        <translation>接待时间（印在海报上）</translation>
    </message>
    <message>
        <source>Table cards for these deputies (ticked: on the rota this month):</source>
        <translation>为以下代表制作桌牌（已勾选的为本月排班代表）：</translation>
    </message>
    <message>
        <source>The codes work once the desk has synced with the central server.</source>
        <translation>本机与中心服务器同步后，二维码即可使用。</translation>
    </message>
    <message>
        <source>Give the address citizens&apos; phones reach, starting with https://</source>
        <translation>请填写群众手机能访问的网址，以 https:// 开头</translation>
    </message>
    <message>
        <source>Save the QR codes</source>
        <translation>保存二维码</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>CorrectReferralDialog</name>
    <message>
        <source>Correct the referral slip</source>
        <translation>更正交办单</translation>
    </message>
    <message>
        <source>Slip %1 · %2 · referred on %3</source>
        <translation>交办单 %1 · %2 · %3 交办</translation>
    </message>
    <message>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>督办人</translation>
    </message>
    <message>
        <source>Time allowed</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Reply due</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>A wrong handling unit is not corrected: the unit returns the slip and the case is referred again.</source>
        <translation>承办单位交错了不能更正：由承办单位退回交办单，再重新交办。</translation>
    </message>
</context>
<context>
    <name>CorrectRegistrationDialog</name>
    <message>
        <source>Correct the registration</source>
        <translation>更正登记</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接待时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>群众姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>What was raised</source>
        <translation>反映内容</translation>
    </message>
    <message>
        <source>Answer on the spot</source>
        <translation>现场答复</translation>
    </message>
    <message>
        <source> people</source>
        <translation> 人</translation>
    </message>
    <message>
        <source>People received</source>
        <translation>接待人数</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>CorrectReplyDialog</name>
    <message>
        <source>Correct the unit&apos;s reply</source>
        <translation>更正承办单位的答复</translation>
    </message>
    <message>
        <source>Replied on</source>
        <translation>答复日期</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>答复内容</translation>
    </message>
</context>
<context>
    <name>CorrectVerdictDialog</name>
    <message>
        <source>Correct the callback&apos;s verdict</source>
        <translation>更正回访评价</translation>
    </message>
    <message>
        <source>Callback on %1 by %2</source>
        <translation>%1 由 %2 回访</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Why dissatisfied</source>
        <translation>不满意原因</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Save the correction</source>
        <translation>保存更正</translation>
    </message>
    <message>
        <source>Change what was recorded wrongly and say why. The old values stay in the case&apos;s history.</source>
        <translation>修改登记错的内容并写明理由。原来的内容保留在办理记录中。</translation>
    </message>
    <message>
        <source>Why it is corrected</source>
        <translation>更正理由</translation>
    </message>
    <message>
        <source>e.g. the name was misheard; the unit gave another date</source>
        <translation>例如：姓名听错了；承办单位给出的日期不同</translation>
    </message>
</context>
<context>
    <name>CountDialog</name>
    <message>
        <source>Record a result</source>
        <translation>记录成效</translation>
    </message>
    <message>
        <source>Result measure</source>
        <translation>成效指标</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>This campaign has no result measures: add them with Change campaign…</source>
        <translation>本活动还没有成效指标：请用“修改活动…”添加。</translation>
    </message>
</context>
<context>
    <name>DayDialog</name>
    <message>
        <source>A day of the notice</source>
        <translation>放假通知中的一天</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Day off or working day:</source>
        <translation>放假或上班：</translation>
    </message>
    <message>
        <source>Holiday:</source>
        <translation>节日：</translation>
    </message>
    <message>
        <source>A weekend made a working day (调休上班) is a working day of the holiday it makes up for.</source>
        <translation>调休上班的周末，记为所补的那个节日的“上班”。</translation>
    </message>
</context>
<context>
    <name>DecideExtensionDialog</name>
    <message>
        <source>Decide the extension request</source>
        <translation>审批延期申请</translation>
    </message>
    <message>
        <source>Save the decision</source>
        <translation>保存审批结果</translation>
    </message>
    <message>
        <source>Asked on %1 by %2 for %3 more working days: %4</source>
        <translation>%1 由 %2 申请延期 %3 个工作日：%4</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>The office&apos;s note (required when refusing)</source>
        <translation>办公室意见（不同意时必须填写）</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>审批结果</translation>
    </message>
    <message>
        <source>If approved</source>
        <translation>如同意</translation>
    </message>
    <message>
        <source>Decided on</source>
        <translation>审批日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>the reply is due on %1 instead of %2</source>
        <translation>答复期限由 %2 延至 %1</translation>
    </message>
    <message>
        <source>Choose to approve or to refuse.</source>
        <translation>请选择同意或不同意。</translation>
    </message>
</context>
<context>
    <name>DeputyDialog</name>
    <message>
        <source>New deputy</source>
        <translation>新增代表</translation>
    </message>
    <message>
        <source>Edit deputy</source>
        <translation>修改代表信息</translation>
    </message>
    <message>
        <source>Choose a level</source>
        <translation>请选择代表层级</translation>
    </message>
    <message>
        <source>In office (can be put on the rota)</source>
        <translation>在任（可参加排班）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>代表层级</translation>
    </message>
    <message>
        <source>Constituency</source>
        <translation>选区</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Expertise</source>
        <translation>专业特长</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Directories</name>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>两次输入的 PIN 码不一致。</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>恢复使用</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Handling unit</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Contact person:</source>
        <translation>联系人：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>In use:</source>
        <translation>使用中：</translation>
    </message>
    <message>
        <source>New handling unit</source>
        <translation>新增承办单位</translation>
    </message>
    <message>
        <source>Edit handling unit</source>
        <translation>修改承办单位</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>新增类别</translation>
    </message>
    <message>
        <source>Edit category</source>
        <translation>修改类别</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>修改身份…</translation>
    </message>
    <message>
        <source>Reset PIN…</source>
        <translation>重置 PIN…</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>已锁定至 %1</translation>
    </message>
    <message>
        <source>Must wait until %1</source>
        <translation>须等到 %1</translation>
    </message>
    <message>
        <source>%1 wrong PINs in a row</source>
        <translation>连续输错 %1 次</translation>
    </message>
    <message>
        <source>Role of %1</source>
        <translation>%1 的身份</translation>
    </message>
    <message>
        <source>New PIN for %1</source>
        <translation>为 %1 设置新 PIN</translation>
    </message>
    <message>
        <source>New PIN:</source>
        <translation>新 PIN：</translation>
    </message>
    <message>
        <source>New PIN again:</source>
        <translation>再输一次新 PIN：</translation>
    </message>
    <message>
        <source>Deputy roster</source>
        <translation>代表名册</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>PIN status</source>
        <translation>PIN 状态</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>身份：</translation>
    </message>
    <message>
        <source>PIN:</source>
        <translation>PIN 码：</translation>
    </message>
    <message>
        <source>PIN again:</source>
        <translation>再输一次：</translation>
    </message>
    <message>
        <source>New operator</source>
        <translation>新增操作员</translation>
    </message>
    <message>
        <source>You cannot deactivate yourself while signed in. Ask another operator to do it.</source>
        <translation>不能停用正在登录的本人账号，请由其他操作员停用。</translation>
    </message>
    <message>
        <source>Handling units</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Holiday calendar</source>
        <translation>节假日安排</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>Entries are deactivated, never deleted: old cases keep their names.</source>
        <translation>目录条目只停用、不删除：以往案件仍保留原名称。</translation>
    </message>
</context>
<context>
    <name>Drafts</name>
    <message>
        <source>Discard the draft</source>
        <translation>丢弃草稿</translation>
    </message>
    <message>
        <source>Discard what was typed here and not saved? It cannot be brought back.</source>
        <translation>丢弃这里已填写但尚未保存的内容？丢弃后无法恢复。</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
</context>
<context>
    <name>DutyRecordTab</name>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Deputy</source>
        <translation>代表</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>代表层级</translation>
    </message>
    <message>
        <source>On the rota</source>
        <translation>排班次数</translation>
    </message>
    <message>
        <source>Duty kept</source>
        <translation>实际到岗</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未到岗</translation>
    </message>
    <message>
        <source>Still to come</source>
        <translation>尚未到期</translation>
    </message>
    <message>
        <source>Covered by a stand-in</source>
        <translation>他人代班</translation>
    </message>
    <message>
        <source>Stood in for others</source>
        <translation>为他人代班</translation>
    </message>
    <message>
        <source>Other visits (inspections, forums …)</source>
        <translation>其他进站（视察、座谈等）</translation>
    </message>
    <message>
        <source>Deputy-visits</source>
        <translation>合计人次</translation>
    </message>
    <message>
        <source>Duty record of each deputy</source>
        <translation>代表履职档案</translation>
    </message>
    <message>
        <source>Duty kept counts the days on the rota with a check-in at the desk; other visits are inspections, forums and other visits off the rota. Deputy-visits are the two together, for the annual duty report. Rota days after today are still to come, never missed.</source>
        <translation>实际到岗指排班当天在接待台进站签到的次数；其他进站指视察、座谈等排班以外的进站。合计人次为两者之和，用于年度履职报告。今天以后的排班日算作尚未到期，不算缺勤。</translation>
    </message>
    <message>
        <source>The end date is before the start date.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>Export the duty record to Excel</source>
        <translation>导出履职档案到 Excel</translation>
    </message>
    <message>
        <source>Duty record %1 to %2.xlsx</source>
        <translation>代表履职档案 %1 至 %2.xlsx</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已写出：%1</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <source>Central server</source>
        <translation>中心服务器</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <source>Certificate fingerprint</source>
        <translation>证书指纹</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Work standalone</source>
        <translation>单机使用</translation>
    </message>
    <message>
        <source>Enter the server address and the one-time code from the district centre, or work standalone and enrol later: every record is then carried up on the first sync.</source>
        <translation>请输入区中心提供的服务器地址和一次性注册码；也可以先单机使用，以后再注册，届时所有记录会在第一次同步时上传。</translation>
    </message>
    <message>
        <source>If the centre gave you a certificate fingerprint, enter it: the desk then talks only to that server.</source>
        <translation>如果区中心提供了证书指纹，请填写：本机将只与该服务器通信。</translation>
    </message>
    <message>
        <source>Fill in the server address and the code.</source>
        <translation>请填写服务器地址和注册码。</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <source>Enrolled. Sending this desk&apos;s records to the centre: %1 of %2 change(s)…</source>
        <translation>已注册。正在把本机记录送往中心：已送出 %1 条，共 %2 条…</translation>
    </message>
    <message>
        <source>Enrolled. Receiving the station&apos;s records from the centre: %1 change(s) so far…</source>
        <translation>已注册。正在从中心接收本站记录：已收到 %1 条…</translation>
    </message>
    <message>
        <source>Enrolled. First sync with the centre: on a desk with many records this can take several minutes. Please keep the desk open.</source>
        <translation>已注册，正在与中心第一次同步。记录多的接待台可能需要几分钟，请不要关闭接待台。</translation>
    </message>
    <message>
        <source>Enrolled. The first sync did not finish: %1</source>
        <translation>已注册。第一次同步没有完成：%1</translation>
    </message>
    <message>
        <source>Enrolled; %1 change(s) sent, %2 received.</source>
        <translation>已注册；发送 %1 条更改，接收 %2 条。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ExtensionRequestDialog</name>
    <message>
        <source>The unit asks for more time</source>
        <translation>承办单位申请延期</translation>
    </message>
    <message>
        <source>Record the request</source>
        <translation>登记延期申请</translation>
    </message>
    <message>
        <source>Who asked, at the unit</source>
        <translation>承办单位的申请人</translation>
    </message>
    <message>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <source>Asked on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Why the unit needs more time</source>
        <translation>承办单位需要延期的理由</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>延长</translation>
    </message>
    <message>
        <source>If approved</source>
        <translation>如同意</translation>
    </message>
    <message>
        <source>the reply is due on %1 instead of %2</source>
        <translation>答复期限由 %2 延至 %1</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>The document was not made: no font on this computer has %1 (in “%2”), so it would be missing from the paper. Install a font that has it (such as fonts-hanazono), or write the text another way.</source>
        <translation>未生成文件：本机没有任何字体含有%1（在“%2”中），打印出来会缺字。请安装含有该字的字体（如 fonts-hanazono），或改用其他写法。</translation>
    </message>
    <message>
        <source>No Chinese font was found on this computer, so the PDF was not made (its characters would print as empty boxes). Install a Chinese TrueType font such as WenQuanYi Micro Hei or SimSun. Looked for: %1</source>
        <translation>本机找不到中文字体，未生成 PDF（否则汉字会打印成方框）。请安装文泉驿微米黑或宋体等中文 TrueType 字体。已查找：%1</translation>
    </message>
    <message>
        <source>The file could not be written: %1. Choose another folder or close the file if it is open in another program.</source>
        <translation>无法写入文件：%1。请换一个文件夹，或先关闭在其他程序中打开的该文件。</translation>
    </message>
</context>
<context>
    <name>ForwardDialog</name>
    <message>
        <source>Forward to 12345</source>
        <translation>转12345</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>转交</translation>
    </message>
    <message>
        <source>The central server sends the matter and the place to the 12345 platform at the desk&apos;s next sync. The forward shows as pending until the platform gives a work order number; the number and the platform&apos;s outcome appear in the timeline.</source>
        <translation>本机下次同步时，由中心服务器把反映事项和地点转交12345平台。平台返回工单号前显示为“待转交”；工单号和平台的办理结果会显示在办理经过中。</translation>
    </message>
</context>
<context>
    <name>GroupsTab</name>
    <message>
        <source>New group</source>
        <translation>新建编组</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>编组</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Save the group</source>
        <translation>保存编组</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Members (tick the deputies of this group; mix levels as the station wishes)</source>
        <translation>成员（勾选本组代表，可按本站需要混合各级代表）</translation>
    </message>
    <message>
        <source>%1 (%2 members)</source>
        <translation>%1（%2 人）</translation>
    </message>
    <message>
        <source>%1 (not in use)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <source> — not active</source>
        <translation>（不在任）</translation>
    </message>
    <message>
        <source>level not set</source>
        <translation>未填层级</translation>
    </message>
    <message>
        <source>No members chosen yet.</source>
        <translation>尚未选择成员。</translation>
    </message>
    <message>
        <source>%1 members: %2</source>
        <translation>共 %1 人：%2</translation>
    </message>
    <message>
        <source>The group is saved.</source>
        <translation>编组已保存。</translation>
    </message>
</context>
<context>
    <name>ImportProblemsDialog</name>
    <message>
        <source>Problems in the roster file</source>
        <translation>代表名册中的错误</translation>
    </message>
    <message>
        <source>%1 rows have problems, so nothing was imported. Fix the file and import it again</source>
        <translation>有 %1 行有错误，未导入任何数据。请改正文件后重新导入</translation>
    </message>
    <message>
        <source>, or import only the %1 good rows.</source>
        <translation>，或只导入正确的 %1 行。</translation>
    </message>
    <message>
        <source>. No row of the file is correct.</source>
        <translation>。文件中没有正确的行。</translation>
    </message>
    <message>
        <source>Import nothing</source>
        <translation>全部不导入</translation>
    </message>
    <message>
        <source>Import only the good rows</source>
        <translation>只导入正确的行</translation>
    </message>
</context>
<context>
    <name>JoinClassDialog</name>
    <message>
        <source>Put the case into a case class</source>
        <translation>将案件归入类案</translation>
    </message>
    <message>
        <source>A new case class</source>
        <translation>新建类案</translation>
    </message>
    <message>
        <source>What the cases have in common, e.g. 老旧小区加装电梯</source>
        <translation>这些案件的共同问题，如：老旧小区加装电梯</translation>
    </message>
    <message>
        <source>Case class:</source>
        <translation>类案：</translation>
    </message>
    <message>
        <source>Name of the new class:</source>
        <translation>新类案名称：</translation>
    </message>
    <message>
        <source>%1 (%2 cases)</source>
        <translation>%1（%2 件）</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Deputy work station (government service centre)</source>
        <translation>人大代表工作站(驻政务服务中心)</translation>
    </message>
    <message>
        <source>Mobile deputy work station</source>
        <translation>人大代表流动工作站</translation>
    </message>
    <message>
        <source>Township (street) deputy work station</source>
        <translation>乡镇(街道)人大代表工作(联络)站</translation>
    </message>
    <message>
        <source>Deputy studio / deliberation point</source>
        <translation>代表工作室/议事点</translation>
    </message>
    <message>
        <source>Deputy supervision post</source>
        <translation>人大代表监督岗</translation>
    </message>
    <message>
        <source>Walk-in</source>
        <translation>来访</translation>
    </message>
    <message>
        <source>Window visit</source>
        <translation>走访窗口</translation>
    </message>
    <message>
        <source>Opinion box</source>
        <translation>意见箱</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>扫码</translation>
    </message>
    <message>
        <source>12345 hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <source>Live stream</source>
        <translation>直播</translation>
    </message>
    <message>
        <source>Forum</source>
        <translation>座谈会</translation>
    </message>
    <message>
        <source>Campaign announcement</source>
        <translation>公告</translation>
    </message>
    <message>
        <source>Resolved on the spot</source>
        <translation>现场解决</translation>
    </message>
    <message>
        <source>Needs referral</source>
        <translation>需交办</translation>
    </message>
    <message>
        <source>Consultation</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Home visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <source>Text message</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Chased by phone</source>
        <translation>电话催办</translation>
    </message>
    <message>
        <source>Visit to the unit</source>
        <translation>上门督办</translation>
    </message>
    <message>
        <source>Chasing letter</source>
        <translation>发催办函</translation>
    </message>
    <message>
        <source>Interview or on-site meeting</source>
        <translation>约谈或现场会</translation>
    </message>
    <message>
        <source>The handling unit did not solve it</source>
        <translation>承办单位未办好</translation>
    </message>
    <message>
        <source>The demand is beyond policy</source>
        <translation>诉求超出政策范围</translation>
    </message>
    <message>
        <source>Another reason</source>
        <translation>其他原因</translation>
    </message>
    <message>
        <source>Awaiting decision</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已同意</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>Station clerk</source>
        <translation>驻站工作人员</translation>
    </message>
    <message>
        <source>Duty deputy</source>
        <translation>值班代表</translation>
    </message>
    <message>
        <source>Liaison centre staff</source>
        <translation>联络中心工作人员</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>register receptions</source>
        <translation>接待登记</translation>
    </message>
    <message>
        <source>handle cases (refer, reply, extend, return, sign off …)</source>
        <translation>交办、答复、延期、退回、销号等办理</translation>
    </message>
    <message>
        <source>call citizens back</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>chase handling units</source>
        <translation>催办</translation>
    </message>
    <message>
        <source>check deputies in and out and record visits</source>
        <translation>代表签到、签退和进站记录</translation>
    </message>
    <message>
        <source>keep the handling units, categories and deputy roster</source>
        <translation>维护承办单位、类别和代表名册</translation>
    </message>
    <message>
        <source>make the rota</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>import a ledger</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <source>keep the holiday calendar</source>
        <translation>维护节假日安排</translation>
    </message>
    <message>
        <source>reset a duty deputy&apos;s PIN</source>
        <translation>重置值班代表的 PIN</translation>
    </message>
    <message>
        <source>manage operators</source>
        <translation>管理操作员</translation>
    </message>
    <message>
        <source>change the station&apos;s settings</source>
        <translation>修改站点设置</translation>
    </message>
    <message>
        <source>enrol with the central server</source>
        <translation>注册到中心服务器</translation>
    </message>
    <message>
        <source>read the audit trail</source>
        <translation>查看审计记录</translation>
    </message>
    <message>
        <source>print or export full phone numbers</source>
        <translation>打印或导出完整电话号码</translation>
    </message>
    <message>
        <source>forward a case to 12345</source>
        <translation>转12345</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign-in failed (wrong PIN)</source>
        <translation>登录失败（PIN 错误）</translation>
    </message>
    <message>
        <source>Sign-in refused (waiting or locked)</source>
        <translation>登录被拒（等待或锁定期间）</translation>
    </message>
    <message>
        <source>Locked after too many wrong PINs</source>
        <translation>多次输错 PIN，已锁定</translation>
    </message>
    <message>
        <source>Changed own PIN</source>
        <translation>修改本人 PIN</translation>
    </message>
    <message>
        <source>Reset another operator&apos;s PIN</source>
        <translation>重置他人 PIN</translation>
    </message>
    <message>
        <source>Printed full phone numbers</source>
        <translation>打印含完整电话号码的文件</translation>
    </message>
    <message>
        <source>Exported full phone numbers</source>
        <translation>导出含完整电话号码的文件</translation>
    </message>
    <message>
        <source>Changed the holiday calendar</source>
        <translation>修改节假日安排</translation>
    </message>
    <message>
        <source>Day off</source>
        <translation>放假</translation>
    </message>
    <message>
        <source>Working day</source>
        <translation>上班</translation>
    </message>
    <message>
        <source>New Year&apos;s Day</source>
        <translation>元旦</translation>
    </message>
    <message>
        <source>Spring Festival</source>
        <translation>春节</translation>
    </message>
    <message>
        <source>Tomb-sweeping Day</source>
        <translation>清明节</translation>
    </message>
    <message>
        <source>Labour Day</source>
        <translation>劳动节</translation>
    </message>
    <message>
        <source>Dragon Boat Festival</source>
        <translation>端午节</translation>
    </message>
    <message>
        <source>Mid-autumn Festival</source>
        <translation>中秋节</translation>
    </message>
    <message>
        <source>National Day</source>
        <translation>国庆节</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Awaiting referral</source>
        <translation>待交办</translation>
    </message>
    <message>
        <source>Being handled</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Awaiting callback</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>Awaiting sign-off</source>
        <translation>待销号</translation>
    </message>
    <message>
        <source>Awaiting second round</source>
        <translation>待二次督办</translation>
    </message>
    <message>
        <source>Signed off</source>
        <translation>已销号</translation>
    </message>
    <message>
        <source>Returned, to refer again</source>
        <translation>已退回待重新交办</translation>
    </message>
    <message>
        <source>Closed with an explanation</source>
        <translation>解释办结</translation>
    </message>
    <message>
        <source>Reopened, awaiting referral</source>
        <translation>重办待交办</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <source>County or district</source>
        <translation>县区</translation>
    </message>
    <message>
        <source>Township or street</source>
        <translation>乡镇街道</translation>
    </message>
    <message>
        <source>Residential estate</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Enforcement checkpoint</source>
        <translation>执法站点</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Other place</source>
        <translation>其他地点</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>明察暗访</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>调研</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>LedgerProblemsDialog</name>
    <message>
        <source>Problems in the ledger</source>
        <translation>台账中的问题</translation>
    </message>
    <message>
        <source>%1 rows of the ledger have problems, so nothing was imported. Correct the rows listed below in the Excel file and import it again.</source>
        <translation>台账有 %1 行有问题，未导入任何数据。请在 Excel 文件中改正下列各行后重新导入。</translation>
    </message>
    <message>
        <source>Columns not imported (no matching template column): %1</source>
        <translation>以下列未导入（没有对应的模板列）：%1</translation>
    </message>
</context>
<context>
    <name>LedgerTab</name>
    <message>
        <source>Write template…</source>
        <translation>写出模板…</translation>
    </message>
    <message>
        <source>Import ledger…</source>
        <translation>导入台账…</translation>
    </message>
    <message>
        <source>Your own headings (optional):</source>
        <translation>自己的列名（可选）：</translation>
    </message>
    <message>
        <source>e.g. your heading=template heading; another=template heading</source>
        <translation>例如：来电时间=登记时间；反映事项=反映问题</translation>
    </message>
    <message>
        <source>Import a ledger from Excel</source>
        <translation>从 Excel 导入台账</translation>
    </message>
    <message>
        <source>Write the template, fill in one case per row (or use your own ledger: common headings such as the time of reception, the content and the responsible unit are recognised), then import it. Every row is checked first: if any row has a problem, nothing is imported and every problem is listed by row and column. Importing the same file again adds nothing twice.</source>
        <translation>先写出模板，每行填一件（也可直接用自己的台账：接待时间、反映内容、责任单位等常见列名都能识别），再导入。导入前逐行检查：只要有一行有问题，就不导入任何数据，并按行、列列出每个问题。同一文件重复导入不会重复添加。</translation>
    </message>
    <message>
        <source>Write each as your heading=template heading, separated by ;</source>
        <translation>写成 自己的列名=模板列名，多个之间用 ； 分隔</translation>
    </message>
    <message>
        <source>Write the ledger template</source>
        <translation>写出台账模板</translation>
    </message>
    <message>
        <source>Ledger template.xlsx</source>
        <translation>台账模板.xlsx</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Template written: %1. Fill in one case per row (the second row is an example: replace it), then import it.</source>
        <translation>已写出模板：%1。每行填一件（第 2 行是示例，请替换），填好后导入。</translation>
    </message>
    <message>
        <source>Import a ledger</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <source>Importing the ledger</source>
        <translation>正在导入台账</translation>
    </message>
    <message>
        <source>Checking and importing %1…</source>
        <translation>正在检查并导入 %1…</translation>
    </message>
    <message>
        <source>Import cancelled: nothing is imported.</source>
        <translation>已取消导入，未导入任何数据。</translation>
    </message>
    <message>
        <source>%1 rows have problems: nothing was imported.</source>
        <translation>有 %1 行有问题，未导入任何数据。</translation>
    </message>
    <message>
        <source>Imported: %1 cases added, %2 taken further.</source>
        <translation>导入完成：新增 %1 件，更新 %2 件。</translation>
    </message>
    <message>
        <source>%1 deputy-visits added.</source>
        <translation>新增代表进站 %1 人次。</translation>
    </message>
    <message>
        <source>%1: %2 added, %3 taken further, %4 already there</source>
        <translation>%1：新增 %2 件，更新 %3 件，已导入过 %4 行</translation>
    </message>
    <message>
        <source>Sheets read: %1.</source>
        <translation>已读取的工作表：%1。</translation>
    </message>
    <message>
        <source>Sheets without a ledger header, not read: %1.</source>
        <translation>没有台账表头、未读取的工作表：%1。</translation>
    </message>
    <message>
        <source>%1 rows were imported before and were not added again.</source>
        <translation>%1 行已导入过（未重复导入）。</translation>
    </message>
    <message>
        <source>New handling units: %1.</source>
        <translation>新增承办单位：%1。</translation>
    </message>
    <message>
        <source>New categories: %1.</source>
        <translation>新增问题类别：%1。</translation>
    </message>
    <message>
        <source>Columns not imported (no matching template column): %1</source>
        <translation>以下列未导入（没有对应的模板列）：%1</translation>
    </message>
</context>
<context>
    <name>Limits</name>
    <message>
        <source>At most %1 characters: please shorten it.</source>
        <translation>最多 %1 个字，请删减。</translation>
    </message>
    <message>
        <source>At most %1 characters; this has %2. Please shorten it.</source>
        <translation>最多 %1 个字，现在有 %2 个字，请删减（内容已全部保留）。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 - Station Desk</source>
        <translation>%1 - 代表工作站接待台</translation>
    </message>
    <message>
        <source>Worklist</source>
        <translation>今日待办</translation>
    </message>
    <message>
        <source>Reception</source>
        <translation>接待登记</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Today on duty</source>
        <translation>今日值班</translation>
    </message>
    <message>
        <source>Rota</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>统计报表</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>QR submissions</source>
        <translation>扫码反映</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>流动工作站活动</translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation>交办会</translation>
    </message>
    <message>
        <source>QR submissions (%1)</source>
        <translation>扫码反映（%1）</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <translation>操作员：%1（%2）</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>接待台(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Switch operator</source>
        <translation>切换操作员(&amp;S)</translation>
    </message>
    <message>
        <source>Change my &amp;PIN…</source>
        <translation>修改我的 PIN(&amp;P)…</translation>
    </message>
    <message>
        <source>Station &amp;settings…</source>
        <translation>站点设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <source>Connect to the &amp;central server…</source>
        <translation>连接中心服务器(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>Case &amp;classes…</source>
        <translation>类案一览(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Station Desk</source>
        <translation>关于接待台(&amp;A)</translation>
    </message>
    <message>
        <source>Reception saved. Open it from the form&apos;s green bar or from the case list.</source>
        <translation>接待登记已保存。可在登记表上方的绿色提示条或案件列表中打开。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>The new language will be used the next time Station Desk starts.</source>
        <translation>新的界面语言将在下次启动接待台时生效。</translation>
    </message>
    <message>
        <source>Station Desk %1

The reception desk of a people&apos;s congress deputy work station: register what citizens raise, refer it on a numbered slip, call back, sign off.

This desk: %2 (%3)</source>
        <translation>代表工作站接待台 %1

人大代表工作站的接待台：接待登记群众反映的问题，开具编号交办单交办，回访群众，办结销号。

本站：%2（%3）</translation>
    </message>
    <message>
        <source>About Station Desk</source>
        <translation>关于接待台</translation>
    </message>
    <message>
        <source>Your new PIN is saved.</source>
        <translation>新 PIN 已保存。</translation>
    </message>
    <message>
        <source>The station&apos;s settings are saved.</source>
        <translation>站点设置已保存。</translation>
    </message>
    <message>
        <source>The draft could not be written to disk: %1</source>
        <translation>草稿未能写入磁盘：%1</translation>
    </message>
    <message>
        <source>Unsaved typing</source>
        <translation>有未保存的内容</translation>
    </message>
    <message>
        <source>%1: what was typed is not saved yet. It can be kept as your draft and given back when you sign in again.</source>
        <translation>%1：已填写的内容尚未保存。可以存为您的草稿，您下次登录时自动恢复。</translation>
    </message>
    <message>
        <source>Keep the draft and quit</source>
        <translation>保存草稿并退出</translation>
    </message>
    <message>
        <source>Keep the draft and switch</source>
        <translation>保存草稿并切换</translation>
    </message>
    <message>
        <source>Discard it</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>交办会</translation>
    </message>
    <message>
        <source>Presiding</source>
        <translation>主持</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>交办(件)</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已答复(件)</translation>
    </message>
    <message>
        <source>Called back</source>
        <translation>已回访(件)</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意(件)</translation>
    </message>
    <message>
        <source>Plan a meeting…</source>
        <translation>筹备交办会…</translation>
    </message>
    <message>
        <source>Print minutes and slips…</source>
        <translation>打印纪要和交办单…</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接待时间</translation>
    </message>
    <message>
        <source>What was raised</source>
        <translation>反映内容</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Earlier unit</source>
        <translation>原承办单位</translation>
    </message>
    <message>
        <source>Refer the selected cases at this meeting</source>
        <translation>在所选交办会上交办选中的案件</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <source>Handling unit (cases without an earlier unit)</source>
        <translation>承办单位（无原承办单位的案件）</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>办理时限（工作日）</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>督办人</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Meeting planned.</source>
        <translation>交办会已登记。</translation>
    </message>
    <message>
        <source>Select a meeting and the cases to refer at it.</source>
        <translation>请选择交办会和要交办的案件。</translation>
    </message>
    <message>
        <source>%1 cases referred at the meeting.</source>
        <translation>已在交办会上交办 %1 件。</translation>
    </message>
    <message>
        <source>Save the minutes and slips</source>
        <translation>保存纪要和交办单</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
<context>
    <name>MeetingsPanel</name>
    <message>
        <source>Referral meetings</source>
        <translation>交办会</translation>
    </message>
    <message>
        <source>Deputies&apos; suggestions</source>
        <translation>代表建议</translation>
    </message>
    <message>
        <source>Referral meetings and suggestions</source>
        <translation>交办会与闭会期间代表建议</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge into another case</source>
        <translation>合并到另一件</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>A slip number, or the citizen&apos;s name, phone or words</source>
        <translation>交办单编号，或群众姓名、电话、反映内容</translation>
    </message>
    <message>
        <source>Find the case</source>
        <translation>查找案件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>e.g. the same matter, registered twice</source>
        <translation>例如：同一件事重复登记</translation>
    </message>
    <message>
        <source>Anonymous citizen</source>
        <translation>匿名群众</translation>
    </message>
    <message>
        <source>Find the case this one duplicates and choose it in the list.</source>
        <translation>请查找此件所重复的案件，并在列表中选中。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Station Desk</source>
        <translation>代表工作站接待台</translation>
    </message>
    <message>
        <source>The case was resolved on the spot and is closed.</source>
        <translation>此件已现场解决并办结。</translation>
    </message>
    <message>
        <source>The case is already signed off.</source>
        <translation>此件已销号。</translation>
    </message>
    <message>
        <source>The case was closed with an explanation.</source>
        <translation>此件已解释办结。</translation>
    </message>
    <message>
        <source>The citizen withdrew the case.</source>
        <translation>群众已撤回此件。</translation>
    </message>
    <message>
        <source>The registration was voided.</source>
        <translation>此登记已作废。</translation>
    </message>
    <message>
        <source>The case was merged into another case.</source>
        <translation>此件已合并到另一件。</translation>
    </message>
    <message>
        <source>The case already has an open referral slip in this round.</source>
        <translation>此件本轮已有未办结的交办单。</translation>
    </message>
    <message>
        <source>The case has no open referral slip yet.</source>
        <translation>此件尚未交办：请先开具交办单。</translation>
    </message>
    <message>
        <source>The handling unit&apos;s reply is already recorded for this round.</source>
        <translation>承办单位本轮的答复已经登记。</translation>
    </message>
    <message>
        <source>The handling unit has not replied yet; call back after the reply.</source>
        <translation>承办单位尚未答复：请先登记答复再回访。</translation>
    </message>
    <message>
        <source>The callback of this round is already recorded.</source>
        <translation>本轮回访已经登记。</translation>
    </message>
    <message>
        <source>A case can be signed off only after a satisfied callback.</source>
        <translation>只有回访群众满意后才能销号。</translation>
    </message>
    <message>
        <source>The citizen was dissatisfied: start a second round instead.</source>
        <translation>群众不满意：请启动二次督办，不能销号。</translation>
    </message>
    <message>
        <source>A callback must record the citizen&apos;s verdict.</source>
        <translation>请选择群众的评价。</translation>
    </message>
    <message>
        <source>Only a case whose citizen was dissatisfied can be closed with an explanation.</source>
        <translation>只有群众不满意的件才能解释办结。</translation>
    </message>
    <message>
        <source>Only a closed case can be reopened.</source>
        <translation>只有已办结的件才能重办。</translation>
    </message>
    <message>
        <source>A case that has had a referral slip cannot be voided or merged; withdraw it instead.</source>
        <translation>已开过交办单的件不能作废或合并，请改为撤回。</translation>
    </message>
    <message>
        <source>There is nothing to correct in this state.</source>
        <translation>此状态下没有可更正的内容。</translation>
    </message>
    <message>
        <source>No referral slip of this round justifies the status.</source>
        <translation>本轮没有交办单，不能改为此状态。</translation>
    </message>
    <message>
        <source>The slip of this round has no reply recorded.</source>
        <translation>本轮交办单没有登记答复。</translation>
    </message>
    <message>
        <source>The slip of this round was not returned by the unit.</source>
        <translation>本轮交办单没有被承办单位退回。</translation>
    </message>
    <message>
        <source>The round number does not follow from the case&apos;s history.</source>
        <translation>督办轮次与办理记录不符。</translation>
    </message>
    <message>
        <source>The latest callback of this round does not give this verdict.</source>
        <translation>本轮最近一次回访的评价与此状态不符。</translation>
    </message>
    <message>
        <source>Only a dissatisfaction beyond policy can be closed with an explanation.</source>
        <translation>只有群众诉求超出政策范围时才能解释办结。</translation>
    </message>
    <message>
        <source>No record of this move (with its reason) exists.</source>
        <translation>没有这一步的办理记录（含理由）。</translation>
    </message>
    <message>
        <source>A sign-off must name who signed off and when.</source>
        <translation>销号必须写明由谁、在何时销号。</translation>
    </message>
    <message>
        <source>No move leads from this status to that one.</source>
        <translation>没有哪一步能从当前状态改为该状态。</translation>
    </message>
    <message>
        <source>An extension must be requested before the deadline.</source>
        <translation>延期须在办理期限届满前申请。</translation>
    </message>
    <message>
        <source>An extension request is already waiting for a decision.</source>
        <translation>已有一条延期申请等待审批。</translation>
    </message>
    <message>
        <source>There is no extension request waiting for a decision.</source>
        <translation>没有等待审批的延期申请。</translation>
    </message>
    <message>
        <source>This move needs a written reason.</source>
        <translation>这一步必须写明理由。</translation>
    </message>
    <message>
        <source>A case can only be merged into another open or closed case of the same station.</source>
        <translation>只能合并到本站另一件未作废、未合并的案件。</translation>
    </message>
    <message>
        <source>Only the latest callback of the current round can be corrected.</source>
        <translation>只能更正本轮最近一次回访。</translation>
    </message>
    <message>
        <source>A dissatisfied callback must record the citizen&apos;s words.</source>
        <translation>群众不满意时，必须记录群众的原话（不满意什么）。</translation>
    </message>
    <message>
        <source>The PIN must have at least %1 characters.</source>
        <translation>PIN 至少 %1 位。</translation>
    </message>
    <message>
        <source>The PIN may have at most %1 characters.</source>
        <translation>PIN 最多 %1 位。</translation>
    </message>
    <message>
        <source>The PIN cannot be spaces, nor start or end with a space.</source>
        <translation>PIN 不能是空格，也不能以空格开头或结尾。</translation>
    </message>
    <message>
        <source>The PIN cannot be repeated digits (such as 000000 or 121212).</source>
        <translation>PIN 不能是重复的数字（如 000000、121212）。</translation>
    </message>
    <message>
        <source>The PIN cannot be a run of digits (such as 123456 or 987654).</source>
        <translation>PIN 不能是连续的数字（如 123456、987654）。</translation>
    </message>
    <message>
        <source>This PIN is too common and easy to guess; choose another.</source>
        <translation>这个 PIN 太常见，容易被猜到，请换一个。</translation>
    </message>
    <message>
        <source>The database is busy with another task. Wait a moment and save again; what you typed is kept.</source>
        <translation>数据库正忙于其他任务。请稍候再保存；已填写的内容都还在。</translation>
    </message>
    <message>
        <source>The disk is full, so nothing could be saved. Free some space and save again; what you typed is kept.</source>
        <translation>磁盘已满，未能保存。请清理出空间后再保存；已填写的内容都还在。</translation>
    </message>
    <message>
        <source>The data folder is read-only, so nothing could be saved. Ask for write access to the folder; what you typed is kept.</source>
        <translation>数据文件夹是只读的，未能保存。请联系管理员开通写入权限；已填写的内容都还在。</translation>
    </message>
    <message>
        <source>The database file is damaged. Nothing was changed. Restore it from a backup or ask for help.</source>
        <translation>数据库文件已损坏，没有做任何修改。请从备份恢复，或联系技术人员。</translation>
    </message>
    <message>
        <source>The database file cannot be opened. Check that the data folder exists and is reachable.</source>
        <translation>无法打开数据库文件。请检查数据文件夹是否存在、能否访问。</translation>
    </message>
    <message>
        <source>This data was written by a newer version of Station Desk. Install the newer version to open it.</source>
        <translation>这些数据是由更新版本的接待台保存的。请安装新版本后再打开。</translation>
    </message>
    <message>
        <source>This must be filled in.</source>
        <translation>此项必须填写。</translation>
    </message>
    <message>
        <source>Not a valid phone number: use an 11-digit mobile number or a landline such as 0376-1234567.</source>
        <translation>电话号码不正确：请填写11位手机号，或如 0376-1234567 的固定电话。</translation>
    </message>
    <message>
        <source>This is too long.</source>
        <translation>内容太长。</translation>
    </message>
    <message>
        <source>This date is in the future.</source>
        <translation>这个日期还没到。</translation>
    </message>
    <message>
        <source>Choose one of the listed entries.</source>
        <translation>请从列表中选择。</translation>
    </message>
    <message>
        <source>This value is out of range.</source>
        <translation>数值超出允许范围。</translation>
    </message>
    <message>
        <source>This date is earlier than the step before it.</source>
        <translation>这个日期早于上一步的日期。</translation>
    </message>
    <message>
        <source>must be filled in</source>
        <translation>必填，不能为空</translation>
    </message>
    <message>
        <source>is too long</source>
        <translation>内容过长</translation>
    </message>
    <message>
        <source>the number is out of range</source>
        <translation>数字超出范围</translation>
    </message>
    <message>
        <source>the end is earlier than the start</source>
        <translation>结束日期早于开始日期</translation>
    </message>
    <message>
        <source>the date is outside the campaign&apos;s period</source>
        <translation>日期不在活动期间内</translation>
    </message>
    <message>
        <source>is not one of the choices</source>
        <translation>不是可选的值</translation>
    </message>
    <message>
        <source>an entry of that name already exists</source>
        <translation>已有同名的项目</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Result measure</source>
        <translation>成效指标</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <source>Headcount</source>
        <translation>参加人数</translation>
    </message>
    <message>
        <source>People met</source>
        <translation>接触群众</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>The result measure “%1” has %2 counts recorded and cannot be removed; nothing was saved.</source>
        <translation>成效指标“%1”已记录 %2 次数量，不能删除；未作任何修改。</translation>
    </message>
    <message>
        <source>The place “%1” has %2 activities and %3 problems recorded and cannot be removed; nothing was saved.</source>
        <translation>地点“%1”已记录 %2 次活动、%3 个问题，不能删除；未作任何修改。</translation>
    </message>
    <message>
        <source>No such operator, or the operator is not signed in: this step was not saved.</source>
        <translation>没有这个操作员，或操作员未登录：这一步没有保存。</translation>
    </message>
    <message>
        <source>This operator is deactivated: this step was not saved.</source>
        <translation>该操作员已停用：这一步没有保存。</translation>
    </message>
    <message>
        <source>This is the desk&apos;s only administrator in use, who cannot be deactivated or given another role: make another operator an administrator first.</source>
        <translation>这是本机唯一在用的管理员，不能停用或改为其他身份：请先指定另一位管理员。</translation>
    </message>
    <message>
        <source>Your role may not %1: this step was not saved.</source>
        <translation>当前身份无权%1：这一步没有保存。</translation>
    </message>
    <message>
        <source>Too many wrong PINs: wait until %1, then try again.</source>
        <translation>PIN 输错次数过多：请等到 %1 后再试。</translation>
    </message>
    <message>
        <source>Too many wrong PINs: this operator is locked. Ask the office to reset the PIN.</source>
        <translation>PIN 连续输错，该操作员已被锁定：请办公室重置 PIN。</translation>
    </message>
    <message>
        <source>Too many wrong PINs: this operator is locked until %1. Try again then, or ask the office to reset the PIN.</source>
        <translation>PIN 连续输错，该操作员已锁定至 %1。届时可再试，或请办公室重置 PIN。</translation>
    </message>
    <message>
        <source>This operator is deactivated and cannot sign in. Ask the administrator.</source>
        <translation>该操作员已停用，不能登录：请联系管理员。</translation>
    </message>
    <message>
        <source>There is no such operator. Choose your name in the list again.</source>
        <translation>没有这个操作员：请在列表中重新选择您的姓名。</translation>
    </message>
    <message>
        <source>That PIN is not right. Check it and type it again.</source>
        <translation>PIN 不正确，请核对后重新输入。</translation>
    </message>
    <message>
        <source> %1 more wrong tries lock this operator.</source>
        <translation>再输错 %1 次将被锁定。</translation>
    </message>
    <message>
        <source> The next try is possible at %1.</source>
        <translation>请等到 %1 后再试。</translation>
    </message>
    <message>
        <source>Some fields need correcting; see the marked fields.</source>
        <translation>有些内容需要修改，请看标红的栏目。</translation>
    </message>
    <message>
        <source>An entry named “%1” already exists.</source>
        <translation>已有名为“%1”的条目。</translation>
    </message>
    <message>
        <source>No slip numbers are left on this desk for the year. Connect to the network and sync, so the central server can grant new numbers; nothing was saved.</source>
        <translation>本机本年度的交办单编号已用完。请联网同步，由中心服务器分配新的编号；本次未保存任何内容。</translation>
    </message>
    <message>
        <source>The record no longer exists; the list will be refreshed.</source>
        <translation>该记录已不存在，列表将刷新。</translation>
    </message>
    <message>
        <source>Something went wrong inside Station Desk. Nothing was saved by this step. Please report it with the details below.</source>
        <translation>接待台内部出错，这一步没有保存任何内容。请连同下面的详细信息一起报告。</translation>
    </message>
</context>
<context>
    <name>NotReachedDialog</name>
    <message>
        <source>The callback did not reach the citizen</source>
        <translation>回访未接通</translation>
    </message>
    <message>
        <source>Save the attempt</source>
        <translation>保存回访记录</translation>
    </message>
    <message>
        <source>Phone: %1</source>
        <translation>电话：%1</translation>
    </message>
    <message>
        <source>e.g. no answer, switched off, wrong number</source>
        <translation>例如：无人接听、关机、号码错误</translation>
    </message>
    <message>
        <source>Tried at</source>
        <translation>拨打时间</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>回访人</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>回访方式</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>The case still waits for its callback: try again later.</source>
        <translation>此件仍等待回访，请稍后再试。</translation>
    </message>
</context>
<context>
    <name>PatternTab</name>
    <message>
        <source>Weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Deputies needed</source>
        <translation>所需人数</translation>
    </message>
    <message>
        <source>From group</source>
        <translation>编组</translation>
    </message>
    <message>
        <source>Add a slot</source>
        <translation>添加班次</translation>
    </message>
    <message>
        <source>Remove the slot</source>
        <translation>删除班次</translation>
    </message>
    <message>
        <source>Save the duty pattern</source>
        <translation>保存值班安排</translation>
    </message>
    <message>
        <source>Weekly duty pattern</source>
        <translation>每周值班安排</translation>
    </message>
    <message>
        <source>Each row is one weekly duty slot of the station: the weekday, morning, afternoon or the whole day, and how many deputies sit then. Choose a group to staff the slot from that group only; otherwise any active deputy may be scheduled. On a swapped workday the pattern of the weekday it makes up for applies; official holidays are skipped.</source>
        <translation>每行是本站每周的一个值班班次：星期几、上午、下午或全天，以及需要几位代表。选择编组后只从该编组中安排代表，否则可安排任何在任代表。调休上班日按所补的那一天的安排值班；法定节假日不安排值班。</translation>
    </message>
    <message>
        <source>Any active deputy</source>
        <translation>任一在任代表</translation>
    </message>
    <message>
        <source>%1 (not in use)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <source>The duty pattern is saved. Make the rota again to apply it.</source>
        <translation>值班安排已保存。请重新生成排班使其生效。</translation>
    </message>
    <message>
        <source>Some slots are not valid: each needs 1 to 20 deputies and a group that still exists.</source>
        <translation>有班次设置不正确：每个班次需要 1 至 20 人，所选编组须仍然存在。</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>第</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>页，共 %1 页</translation>
    </message>
    <message>
        <source>The document could not be shown.</source>
        <translation>无法显示此文档。</translation>
    </message>
    <message>
        <source>The printer could not be opened. Check that it is switched on and connected, or save the PDF and print it later.</source>
        <translation>无法打开打印机。请检查打印机已开机并已连接，或先另存为 PDF 稍后打印。</translation>
    </message>
    <message>
        <source>Sent to the printer: %1 pages.</source>
        <translation>已发送到打印机：%1 页。</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>Plan a referral meeting</source>
        <translation>筹备群众意见面对面沟通交办会</translation>
    </message>
    <message>
        <source>Separate the units with 、</source>
        <translation>多个单位用“、”分隔</translation>
    </message>
    <message>
        <source>Left empty: numbered in the year</source>
        <translation>留空则按年度顺序编号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Presiding leader</source>
        <translation>主持领导</translation>
    </message>
    <message>
        <source>Units attending</source>
        <translation>参会单位</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Write the place and the presiding leader.</source>
        <translation>请填写地点和主持领导。</translation>
    </message>
</context>
<context>
    <name>ProblemModel</name>
    <message>
        <source>Found</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Slip</source>
        <translation>交办编号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>承办单位</translation>
    </message>
</context>
<context>
    <name>ProblemTable</name>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Row %1</source>
        <translation>第%1行</translation>
    </message>
</context>
<context>
    <name>PublicPanel</name>
    <message>
        <source>Waiting</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>未受理</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Print QR codes…</source>
        <translation>打印二维码…</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>查询码</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>反映事项</translation>
    </message>
    <message>
        <source>Deputy</source>
        <translation>代表</translation>
    </message>
    <message>
        <source>Accept into a case</source>
        <translation>受理登记</translation>
    </message>
    <message>
        <source>Do not accept…</source>
        <translation>不予受理…</translation>
    </message>
    <message>
        <source>Open the case</source>
        <translation>打开案件</translation>
    </message>
    <message>
        <source>QR submissions</source>
        <translation>扫码反映</translation>
    </message>
    <message>
        <source>Nothing waiting.</source>
        <translation>没有待处理的扫码反映。</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>称呼</translation>
    </message>
    <message>
        <source>Tracking code</source>
        <translation>查询码</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Reason not accepted</source>
        <translation>不予受理的原因</translation>
    </message>
    <message>
        <source>Online evaluation</source>
        <translation>网上评价</translation>
    </message>
    <message>
        <source>Taken into a new case (channel QR code).</source>
        <translation>已受理登记为新案件（渠道：扫码）。</translation>
    </message>
    <message>
        <source>Not accepted; the citizen will see the reason.</source>
        <translation>已不予受理，群众可在查询页看到原因。</translation>
    </message>
    <message>
        <source>QR codes saved: %1</source>
        <translation>二维码已保存：%1</translation>
    </message>
    <message>
        <source>This submission was already decided.</source>
        <translation>这条反映已经处理过了。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>ReceptionForm</name>
    <message>
        <source>Reception</source>
        <translation>接待登记</translation>
    </message>
    <message>
        <source>Campaign:</source>
        <translation>所属活动：</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>接待时间：</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>来访方式：</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>Citizen:</source>
        <translation>群众姓名：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>联系电话：</translation>
    </message>
    <message>
        <source>address or community</source>
        <translation>住址或所在社区</translation>
    </message>
    <message>
        <source>type or choose</source>
        <translation>输入或选择</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Add a category to the list</source>
        <translation>在列表中新增一个类别</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>住址/社区：</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>问题类别：</translation>
    </message>
    <message>
        <source>What the citizen raised, in their words</source>
        <translation>群众反映的问题，尽量记原话</translation>
    </message>
    <message>
        <source>Raised:</source>
        <translation>反映内容：</translation>
    </message>
    <message>
        <source>No deputies in the directory yet.</source>
        <translation>目录中还没有代表。</translation>
    </message>
    <message>
        <source>Received by:</source>
        <translation>接待代表：</translation>
    </message>
    <message>
        <source>People received:</source>
        <translation>接待人数：</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>处理方式：</translation>
    </message>
    <message>
        <source>The answer or help given on the spot</source>
        <translation>现场给予的答复或帮助</translation>
    </message>
    <message>
        <source>Answer given:</source>
        <translation>现场答复：</translation>
    </message>
    <message>
        <source>Theme reception day</source>
        <translation>主题接待日</translation>
    </message>
    <message>
        <source>Ctrl+Enter saves</source>
        <translation>按 Ctrl+Enter 保存</translation>
    </message>
    <message>
        <source>Clear form</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Save and refer now</source>
        <translation>保存并交办</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Not tagged</source>
        <translation>不归入</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>新增类别</translation>
    </message>
    <message>
        <source>Name of the new category:</source>
        <translation>新类别的名称：</translation>
    </message>
    <message>
        <source>Restored the unsaved draft (typed %1).</source>
        <translation>已恢复未保存的草稿（%1 录入）。</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Not saved yet: please correct the fields marked in red.</source>
        <translation>尚未保存：请修改标红的栏目。</translation>
    </message>
    <message>
        <source>the citizen</source>
        <translation>该群众</translation>
    </message>
    <message>
        <source>Saved the reception of %1. Ready for the next citizen.</source>
        <translation>已保存 %1 的接待登记，可以接待下一位群众。</translation>
    </message>
    <message>
        <source>Saved the reception of %1 and linked it to the similar case as a case class. Ready for the next citizen.</source>
        <translation>已保存%1的接待登记，并与相似案件归为类案。可以接待下一位群众。</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>打开案件</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>未保存。</translation>
    </message>
    <message>
        <source>Clear everything typed for this citizen? It has not been saved.</source>
        <translation>清空为这位群众填写的全部内容吗？这些内容尚未保存。</translation>
    </message>
</context>
<context>
    <name>ReferClassDialog</name>
    <message>
        <source>Refer the case class together</source>
        <translation>类案一并交办</translation>
    </message>
    <message>
        <source>%1 of the class&apos;s %2 cases wait for a slip; they are referred on one slip.</source>
        <translation>类案 %2 件案件中有 %1 件等待交办，将以一张交办单一并交办。</translation>
    </message>
    <message>
        <source>Handling unit:</source>
        <translation>承办单位：</translation>
    </message>
    <message>
        <source>Handler:</source>
        <translation>承办人：</translation>
    </message>
    <message>
        <source>Working days:</source>
        <translation>办理期限（工作日）：</translation>
    </message>
    <message>
        <source>Supervisor:</source>
        <translation>督办人：</translation>
    </message>
    <message>
        <source>Referred on:</source>
        <translation>交办日期：</translation>
    </message>
</context>
<context>
    <name>ReferDialog</name>
    <message>
        <source>Office of the Standing Committee of the People&apos;s Congress</source>
        <translation>人大常委会办公室</translation>
    </message>
    <message>
        <source>Refer again: the unit returned the slip</source>
        <translation>重新交办：承办单位退回了交办单</translation>
    </message>
    <message>
        <source>Reopened case: refer again</source>
        <translation>重办：重新交办</translation>
    </message>
    <message>
        <source>Second round of supervision: refer again</source>
        <translation>二次督办：重新交办</translation>
    </message>
    <message>
        <source>Refer to a handling unit</source>
        <translation>交办给承办单位</translation>
    </message>
    <message>
        <source>Issue the slip</source>
        <translation>开具交办单</translation>
    </message>
    <message>
        <source>Slip %1 was returned by %2 on %3: %4</source>
        <translation>交办单 %1 于 %3 被 %2 退回：%4</translation>
    </message>
    <message>
        <source>Loading handling units…</source>
        <translation>正在读取承办单位…</translation>
    </message>
    <message>
        <source>The person at the unit who answers for it</source>
        <translation>承办单位的具体负责人</translation>
    </message>
    <message>
        <source>A slip cannot be dated before the reception, nor before an earlier slip or return.</source>
        <translation>交办日期不能早于接待日期，也不能早于此前的交办或退回日期。</translation>
    </message>
    <message>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <source>The deputy who supervises this slip</source>
        <translation>督办此交办单的代表</translation>
    </message>
    <message>
        <source>Anything the unit should know (optional)</source>
        <translation>需要告知承办单位的事项（选填）</translation>
    </message>
    <message>
        <source>Handling unit</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Referred on</source>
        <translation>交办日期</translation>
    </message>
    <message>
        <source>Time allowed</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Reply due</source>
        <translation>限期答复</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>督办人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Round %1 · second round of supervision: the citizen was dissatisfied with the last reply.</source>
        <translation>第 %1 轮 · 二次督办：群众对上次的办理结果不满意。</translation>
    </message>
    <message>
        <source>The citizen said: %1</source>
        <translation>群众意见：%1</translation>
    </message>
    <message>
        <source>For this case</source>
        <translation>本案</translation>
    </message>
    <message>
        <source>On duty today</source>
        <translation>今日值班</translation>
    </message>
    <message>
        <source>All deputies on the roster</source>
        <translation>全部代表</translation>
    </message>
    <message>
        <source>The referral slip is issued</source>
        <translation>交办单已开具</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Print the slip now…</source>
        <translation>立即打印交办单…</translation>
    </message>
    <message>
        <source>Write this number on the paper slip and in any call to the unit:</source>
        <translation>请把这个编号写在纸质交办单上，与承办单位联系时也请报此编号：</translation>
    </message>
    <message>
        <source>Choose the handling unit</source>
        <translation>请选择承办单位</translation>
    </message>
    <message>
        <source>There is no handling unit yet. Add the units in the directory of handling units first.</source>
        <translation>还没有承办单位。请先在目录的“承办单位”中添加。</translation>
    </message>
    <message>
        <source>Handling unit: %1</source>
        <translation>承办单位：%1</translation>
    </message>
    <message>
        <source>Reply due: %1</source>
        <translation>限期答复：%1</translation>
    </message>
    <message>
        <source>Round %1 · second round of supervision</source>
        <translation>第 %1 轮 · 二次督办</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <source>Do not accept</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Reason (the citizen sees it on the tracking page):</source>
        <translation>原因（群众会在查询页看到）：</translation>
    </message>
    <message>
        <source>Write the reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>At most %1 characters.</source>
        <translation>最多 %1 个字。</translation>
    </message>
</context>
<context>
    <name>ReopenDialog</name>
    <message>
        <source>Reopen the case</source>
        <translation>重办</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重办</translation>
    </message>
    <message>
        <source>Reopen this closed case? It then waits for a new referral slip (the next round); the earlier closing stays in its history.</source>
        <translation>重办这件已办结的案件？之后等待开具新的交办单（下一轮）；原来的办结情况保留在办理记录中。</translation>
    </message>
    <message>
        <source>Why: e.g. the citizen came back, the problem is back</source>
        <translation>理由：例如群众再次反映、问题再次出现</translation>
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <source>Record the unit&apos;s reply</source>
        <translation>登记办理结果</translation>
    </message>
    <message>
        <source>Save the reply</source>
        <translation>保存办理结果</translation>
    </message>
    <message>
        <source>Slip %1 · %2 · reply due %3</source>
        <translation>交办单 %1 · %2 · 限期 %3 前答复</translation>
    </message>
    <message>
        <source>A reply cannot come before the slip was issued.</source>
        <translation>答复日期不能早于交办日期。</translation>
    </message>
    <message>
        <source>What the unit did or answered</source>
        <translation>承办单位的办理情况或答复</translation>
    </message>
    <message>
        <source>Replied on</source>
        <translation>答复日期</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按期答复</translation>
    </message>
    <message>
        <source>Late: it was due on %1</source>
        <translation>超期答复：限期为 %1</translation>
    </message>
</context>
<context>
    <name>ReportsPanel</name>
    <message>
        <source>Monthly tally</source>
        <translation>月度统计</translation>
    </message>
    <message>
        <source>Summary for the committee</source>
        <translation>汇总表（报常委会）</translation>
    </message>
    <message>
        <source>Import a ledger</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>转办登记</translation>
    </message>
    <message>
        <source>Stations side by side</source>
        <translation>各站点对比</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>The unit returns the slip</source>
        <translation>承办单位退回交办单</translation>
    </message>
    <message>
        <source>Record the return</source>
        <translation>登记退回</translation>
    </message>
    <message>
        <source>Returned on</source>
        <translation>退回日期</translation>
    </message>
    <message>
        <source>Why the unit returned it</source>
        <translation>退回理由</translation>
    </message>
    <message>
        <source>e.g. not this unit&apos;s responsibility; which unit it should go to</source>
        <translation>例如：不属本单位职责；应交给哪个单位</translation>
    </message>
    <message>
        <source>The case then waits to be referred again, in the same round, usually to another unit.</source>
        <translation>之后此件等待在本轮重新交办，通常交给另一单位。</translation>
    </message>
</context>
<context>
    <name>ReturnFromCityDialog</name>
    <message>
        <source>Returned by the city</source>
        <translation>市级交回</translation>
    </message>
    <message>
        <source>Record the return</source>
        <translation>记录交回</translation>
    </message>
    <message>
        <source>Record that the city handed this case back? The centre handles it from now on.</source>
        <translation>记录市级已将此案件交回？此后由区中心办理。</translation>
    </message>
    <message>
        <source>The city&apos;s answer</source>
        <translation>市级答复意见</translation>
    </message>
    <message>
        <source>What the city answered, and why it hands the case back</source>
        <translation>市级的答复意见，以及交回的原因</translation>
    </message>
</context>
<context>
    <name>RosterPanel</name>
    <message>
        <source>Show deputies no longer in office</source>
        <translation>显示不在任的代表</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>In office / not in office</source>
        <translation>设为在任/不在任</translation>
    </message>
    <message>
        <source>Unavailable dates…</source>
        <translation>不便值班日期…</translation>
    </message>
    <message>
        <source>Write template…</source>
        <translation>导出模板…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>代表层级</translation>
    </message>
    <message>
        <source>Constituency</source>
        <translation>选区</translation>
    </message>
    <message>
        <source>Work unit</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Expertise</source>
        <translation>专业特长</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>In office</source>
        <translation>是否在任</translation>
    </message>
    <message>
        <source>Deputy roster</source>
        <translation>代表名册</translation>
    </message>
    <message>
        <source>%1 deputies</source>
        <translation>共 %1 位代表</translation>
    </message>
    <message>
        <source>Choose a deputy in the list first.</source>
        <translation>请先在列表中选择一位代表。</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>This entry needs correcting first: open it with Edit.</source>
        <translation>这条记录需要先改正：请点“修改”打开。</translation>
    </message>
    <message>
        <source>Write the roster template</source>
        <translation>写出代表名册模板</translation>
    </message>
    <message>
        <source>Deputy roster.xlsx</source>
        <translation>代表名册.xlsx</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>The file could not be written: %1</source>
        <translation>无法写入文件：%1</translation>
    </message>
    <message>
        <source>Template written: %1. Fill in one deputy per row, then import it.</source>
        <translation>模板已写出：%1。请每行填写一位代表，然后导入。</translation>
    </message>
    <message>
        <source>Import the deputy roster</source>
        <translation>导入代表名册</translation>
    </message>
    <message>
        <source>Nothing was imported. Fix the rows listed and import the file again.</source>
        <translation>未导入任何数据。请改正所列各行后重新导入。</translation>
    </message>
    <message>
        <source>Imported: %1 added, %2 updated, %3 unchanged.</source>
        <translation>导入完成：新增 %1 人，更新 %2 人，未变 %3 人。</translation>
    </message>
    <message>
        <source>%1 rows with problems were left out.</source>
        <translation>跳过有错误的 %1 行。</translation>
    </message>
</context>
<context>
    <name>RotaLabels</name>
    <message>
        <source>Morning</source>
        <translation>上午</translation>
    </message>
    <message>
        <source>Afternoon</source>
        <translation>下午</translation>
    </message>
    <message>
        <source>Whole day</source>
        <translation>全天</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <source>Nobody can be scheduled here (no deputies, or the group is empty)</source>
        <translation>没有可安排的代表（未设代表或编组为空）</translation>
    </message>
    <message>
        <source>Enough deputies, but some marked this date unavailable</source>
        <translation>代表人数够，但当天有人请假或不便</translation>
    </message>
    <message>
        <source>Enough deputies, but some are on duty elsewhere at that time</source>
        <translation>代表人数够，但同一时段已在别处值班</translation>
    </message>
    <message>
        <source>Fewer deputies (or group members) than the slot needs</source>
        <translation>可安排的代表（或编组成员）少于所需人数</translation>
    </message>
    <message>
        <source>Duty</source>
        <translation>值班</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>视察</translation>
    </message>
    <message>
        <source>Forum</source>
        <translation>座谈</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>National deputy</source>
        <translation>全国人大代表</translation>
    </message>
    <message>
        <source>Provincial deputy</source>
        <translation>省人大代表</translation>
    </message>
    <message>
        <source>City deputy</source>
        <translation>市人大代表</translation>
    </message>
    <message>
        <source>County (district) deputy</source>
        <translation>县(区)人大代表</translation>
    </message>
    <message>
        <source>Township deputy</source>
        <translation>乡镇人大代表</translation>
    </message>
    <message>
        <source>Street deliberation delegate</source>
        <translation>街道议事代表</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>%1 (swapped workday)</source>
        <translation>%1（调休）</translation>
    </message>
</context>
<context>
    <name>RotaPanel</name>
    <message>
        <source>Rota</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>Duty pattern</source>
        <translation>值班安排</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>编组</translation>
    </message>
    <message>
        <source>Duty record</source>
        <translation>履职档案</translation>
    </message>
    <message>
        <source>Studios</source>
        <translation>工作室</translation>
    </message>
    <message>
        <source>Theme days</source>
        <translation>主题接待日</translation>
    </message>
</context>
<context>
    <name>RotaTab</name>
    <message>
        <source>Month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>按季度</translation>
    </message>
    <message>
        <source>Make rota</source>
        <translation>生成排班</translation>
    </message>
    <message>
        <source>Print PDF…</source>
        <translation>打印 PDF…</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Month grid PDF…</source>
        <translation>月历排班表 PDF…</translation>
    </message>
    <message>
        <source>Month grid Excel…</source>
        <translation>月历排班表 Excel…</translation>
    </message>
    <message>
        <source>Rota for</source>
        <translation>排班期间</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Deputy</source>
        <translation>代表</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>代表层级</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>排班方式</translation>
    </message>
    <message>
        <source>Last changed by</source>
        <translation>最后修改人</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>替换…</translation>
    </message>
    <message>
        <source>Swap…</source>
        <translation>对调…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Hand changes are marked Manual and are kept when the rota is made again.</source>
        <translation>手工调整的班次标为“手动”，重新排班时保留不变。</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺额</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Slots not filled</source>
        <translation>未排满的班次</translation>
    </message>
    <message>
        <source>Quarter %1</source>
        <translation>第%1季度</translation>
    </message>
    <message>
        <source>Month %1</source>
        <translation>%1月</translation>
    </message>
    <message>
        <source>Q%2 %1</source>
        <translation>%1年第%2季度</translation>
    </message>
    <message>
        <source>%2/%1</source>
        <translation>%1年%2月</translation>
    </message>
    <message>
        <source>The holiday calendar on this computer only knows the years %1 to %2. Outside them the rota counts Monday to Friday as working days, without holidays or swapped workdays: make the rota again once the desk is updated with the State Council&apos;s holiday notice.</source>
        <translation>本机的节假日日历只包含 %1 年至 %2 年。超出的日期暂按周一至周五排班，不含法定节假日和调休：国务院公布放假安排并更新程序后，请重新排班。</translation>
    </message>
    <message>
        <source>Slots not filled: %1</source>
        <translation>未排满的班次：%1 个</translation>
    </message>
    <message>
        <source>Every slot is filled.</source>
        <translation>所有班次均已排满。</translation>
    </message>
    <message>
        <source>Not filled (for example after a hand change); make the rota again or add a deputy by hand</source>
        <translation>未排满（例如手工调整后）；请重新排班或手动添加代表</translation>
    </message>
    <message>
        <source>Make the rota for every station</source>
        <translation>为全部站点生成排班</translation>
    </message>
    <message>
        <source>Make the rota of %1 for every station of the district at once? Each station&apos;s generated duties in the period are made again; duties entered by hand stay.</source>
        <translation>一次为全区所有站点生成%1的排班？各站点该期间自动生成的排班将重新生成，手工录入的排班保留。</translation>
    </message>
    <message>
        <source>Make for every station</source>
        <translation>为全部站点生成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Making the rota…</source>
        <translation>正在排班…</translation>
    </message>
    <message>
        <source>There is no duty pattern yet (which weekdays, morning or afternoon, how many deputies): set it on the Duty pattern page first.</source>
        <translation>还没有设置值班安排（哪天、上午或下午、几人）：请先在“值班安排”页设置。</translation>
    </message>
    <message>
        <source>Rota made: %1 duty slots, %2 deputy places. %3 slots could not be filled; see the list below.</source>
        <translation>排班完成：共 %1 个班次，安排 %2 人次。有 %3 个班次未能排满，见下方列表。</translation>
    </message>
    <message>
        <source>Rota made: %1 duty slots, %2 deputy places, every slot filled.</source>
        <translation>排班完成：共 %1 个班次，安排 %2 人次，全部排满。</translation>
    </message>
    <message>
        <source>Choose a duty in the list first.</source>
        <translation>请先在列表中选择一个班次。</translation>
    </message>
    <message>
        <source>Pick the station first: a duty is added to one station&apos;s rota.</source>
        <translation>请先选择站点：值班只能加到某一个站点的排班中。</translation>
    </message>
    <message>
        <source>The deputy was replaced.</source>
        <translation>已替换值班代表。</translation>
    </message>
    <message>
        <source>The two duties were swapped.</source>
        <translation>已对调两个班次。</translation>
    </message>
    <message>
        <source>The deputy was added to the rota.</source>
        <translation>已将代表加入排班。</translation>
    </message>
    <message>
        <source>The duty was removed from the rota.</source>
        <translation>已从排班中移除该班次。</translation>
    </message>
    <message>
        <source>Changed by %1.</source>
        <translation>操作人：%1。</translation>
    </message>
    <message>
        <source>%1 is already on duty on %2 (%3). Nobody can be in two places at once: choose another deputy or another day.</source>
        <translation>%1 在 %2（%3）已有值班安排，同一时段不能两处值班：请换一位代表或换一天。</translation>
    </message>
    <message>
        <source>Print the rota as PDF</source>
        <translation>打印值班表（PDF）</translation>
    </message>
    <message>
        <source>Rota %1.pdf</source>
        <translation>%1值班表.pdf</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Save the rota as a month grid</source>
        <translation>将排班保存为月历表</translation>
    </message>
    <message>
        <source>Rota grid %1.pdf</source>
        <translation>排班月历 %1.pdf</translation>
    </message>
    <message>
        <source>Rota grid %1.xlsx</source>
        <translation>排班月历 %1.xlsx</translation>
    </message>
    <message>
        <source>Export the rota to Excel</source>
        <translation>导出值班表到 Excel</translation>
    </message>
    <message>
        <source>Rota %1.xlsx</source>
        <translation>%1值班表.xlsx</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已写出：%1</translation>
    </message>
</context>
<context>
    <name>SettleClassDialog</name>
    <message>
        <source>Settle the case class</source>
        <translation>类案办结</translation>
    </message>
    <message>
        <source>The rule or measure that solved these cases</source>
        <translation>解决这些案件的规则或措施</translation>
    </message>
    <message>
        <source>Rule or measure:</source>
        <translation>解决办法：</translation>
    </message>
    <message>
        <source>Settled on:</source>
        <translation>办结日期：</translation>
    </message>
    <message>
        <source>Settling the class signs no case off: each case is signed off after its own satisfied callback.</source>
        <translation>类案办结不销号任何案件：每件案件须经本人满意回访后销号。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Set up Station Desk</source>
        <translation>设置接待台</translation>
    </message>
    <message>
        <source>Welcome to Station Desk</source>
        <translation>欢迎使用代表工作站接待台</translation>
    </message>
    <message>
        <source>Before the first reception, tell the desk which station this is and who works at it. You can change the station&apos;s details later.</source>
        <translation>在第一次接待之前，请填写本站的信息和第一位操作员。站点信息以后还可以修改。</translation>
    </message>
    <message>
        <source>The station</source>
        <translation>本站</translation>
    </message>
    <message>
        <source>e.g. Wuxing Street Deputy Supervision Post, Shihe District</source>
        <translation>例如：浉河区五星街道人大代表监督岗</translation>
    </message>
    <message>
        <source>e.g. Shihe Post</source>
        <translation>例如：浉河监督岗</translation>
    </message>
    <message>
        <source>e.g. Shihe District</source>
        <translation>例如：浉河区</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>站点全称：</translation>
    </message>
    <message>
        <source>Short name:</source>
        <translation>简称：</translation>
    </message>
    <message>
        <source>The short name starts every referral slip number:</source>
        <translation>简称用在每张交办单编号的开头：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>District:</source>
        <translation>所在区县：</translation>
    </message>
    <message>
        <source>The first operator: the desk&apos;s administrator</source>
        <translation>第一位操作员：本机管理员</translation>
    </message>
    <message>
        <source>You will be this desk&apos;s administrator: you add the office&apos;s clerks and the duty deputies afterwards, each with their own PIN.</source>
        <translation>您将成为本机的管理员：之后由您添加驻站工作人员和值班代表，每人使用自己的 PIN。</translation>
    </message>
    <message>
        <source>At least %1 characters, not easy to guess (not 123456, 000000 or your birthday). You will type it each time you sign in.</source>
        <translation>至少 %1 位，不要用容易猜到的（如 123456、000000 或生日）。每次登录都要输入。</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>您的姓名：</translation>
    </message>
    <message>
        <source>PIN:</source>
        <translation>PIN 码：</translation>
    </message>
    <message>
        <source>PIN again:</source>
        <translation>再输一次：</translation>
    </message>
    <message>
        <source>Start using Station Desk</source>
        <translation>开始使用</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>简称</translation>
    </message>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>两次输入的 PIN 码不一致。</translation>
    </message>
    <message>
        <source>This desk is already set up. Close this window and start again.</source>
        <translation>本接待台已经设置过了。请关闭此窗口后重新启动。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in - Station Desk</source>
        <translation>登录 - 代表工作站接待台</translation>
    </message>
    <message>
        <source>Who is at the desk?</source>
        <translation>请问是谁在值班？</translation>
    </message>
    <message>
        <source>PIN:</source>
        <translation>PIN 码：</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Choose your name in the list first.</source>
        <translation>请先在列表中选择您的姓名。</translation>
    </message>
    <message>
        <source>Type your PIN.</source>
        <translation>请输入 PIN 码。</translation>
    </message>
    <message>
        <source>Your PIN is too easy to guess: choose a new one to go on. Sign in again when you are ready.</source>
        <translation>您的 PIN 太容易被猜到：必须设置新的 PIN 才能继续。准备好后请重新登录。</translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message>
        <source>Sign the case off</source>
        <translation>销号</translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation>销号</translation>
    </message>
    <message>
        <source>Sign this case off? It is then closed: no more slips or callbacks.</source>
        <translation>确定销号吗？销号后此件即办结，不能再交办或回访。</translation>
    </message>
    <message>
        <source>Callback: %1 on %2 by %3 (%4)</source>
        <translation>回访：%1，%2，回访人 %3（%4）</translation>
    </message>
    <message>
        <source>Note on the sign-off (optional)</source>
        <translation>销号说明（选填）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>SimilarCasesPanel</name>
    <message>
        <source>Similar cases</source>
        <translation>类似案件</translation>
    </message>
    <message>
        <source>Cases like this one appear here as you type.</source>
        <translation>录入时，这里会列出与本件相似的案件。</translation>
    </message>
    <message>
        <source>Do not link</source>
        <translation>不关联</translation>
    </message>
    <message>
        <source>Tick a case to link this reception to it as a case class when saved.</source>
        <translation>勾选一件案件，保存时将本次接待与它归为类案。</translation>
    </message>
    <message>
        <source>Saved, it joins the case class of: %1</source>
        <translation>保存后与该案件归为类案：%1</translation>
    </message>
    <message>
        <source>no unit yet</source>
        <translation>尚未交办</translation>
    </message>
    <message>
        <source>No similar case found.</source>
        <translation>未找到相似案件。</translation>
    </message>
</context>
<context>
    <name>StandInDialog</name>
    <message>
        <source>Stand-in for %1</source>
        <translation>为%1代班</translation>
    </message>
    <message>
        <source>%1 is on today&apos;s rota but cannot come. The deputy chosen here sits in their place: they are checked in now, and the visit counts for them.</source>
        <translation>%1今天排班但不能到站。这里选择的代表替其值班（代班）：现在即为其签到，进站人次计入代班代表。</translation>
    </message>
    <message>
        <source>Sitting in</source>
        <translation>代班代表</translation>
    </message>
    <message>
        <source>Check in as stand-in</source>
        <translation>代班签到</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>StationPicker</name>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>全部站点</translation>
    </message>
</context>
<context>
    <name>StationSettingsDialog</name>
    <message>
        <source>Station settings</source>
        <translation>站点设置</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>全称：</translation>
    </message>
    <message>
        <source>Short name:</source>
        <translation>简称：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>District:</source>
        <translation>所在区：</translation>
    </message>
    <message>
        <source>Deadlines of the office</source>
        <translation>办公室的办理时限</translation>
    </message>
    <message>
        <source>Call back within:</source>
        <translation>回访时限：</translation>
    </message>
    <message>
        <source>Working days after the unit&apos;s reply (the 12345 hotline&apos;s practice: 1, the next working day).</source>
        <translation>承办单位答复后的工作日数（12345 热线的做法：1，即下一个工作日）。</translation>
    </message>
    <message>
        <source>Issue a slip within:</source>
        <translation>交办时限：</translation>
    </message>
    <message>
        <source>Working days after the registration, a dissatisfied callback, a returned slip or a reopening.</source>
        <translation>登记、回访不满意、交办单被退回或重办之后的工作日数。</translation>
    </message>
    <message>
        <source>The citizen&apos;s progress page</source>
        <translation>群众查询页显示内容</translation>
    </message>
    <message>
        <source>The handling unit&apos;s name</source>
        <translation>承办单位名称</translation>
    </message>
    <message>
        <source>The reply deadline</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <source>The unit&apos;s reply text</source>
        <translation>承办单位答复内容</translation>
    </message>
    <message>
        <source>What a citizen who reported by QR code sees on the tracking page, after the desk&apos;s next sync. Names of handlers, callers and clerks are never shown.</source>
        <translation>扫码反映的群众在查询页上看到的内容，本机下次同步后生效。经办人、回访人和工作人员的姓名始终不显示。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>简称</translation>
    </message>
    <message>
        <source>Slip numbers: %1</source>
        <translation>交办单编号：%1</translation>
    </message>
</context>
<context>
    <name>StudiosTab</name>
    <message>
        <source>This desk knows no studio. A studio is a station of that kind; its desk sets its fixed weekday and deputies on the Duty pattern page.</source>
        <translation>本机没有工作室。工作室（代表工作室/议事点）是这一类型的站点，由其接待台在“值班安排”页设置固定接待日和代表人数。</translation>
    </message>
    <message>
        <source>No opening that week</source>
        <translation>当周停开</translation>
    </message>
    <message>
        <source>Move to the next working day</source>
        <translation>顺延至下一个工作日</translation>
    </message>
    <message>
        <source>Save the holiday rule</source>
        <translation>保存节假日规则</translation>
    </message>
    <message>
        <source>When a public holiday falls on the fixed day:</source>
        <translation>固定接待日逢法定节假日时：</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>决定人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Open on this swapped workday</source>
        <translation>该调休上班日开放</translation>
    </message>
    <message>
        <source>Remove the exception</source>
        <translation>取消该例外</translation>
    </message>
    <message>
        <source>Swapped workday</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <source>Studio</source>
        <translation>工作室</translation>
    </message>
    <message>
        <source>Swapped workdays the office opened the studio on</source>
        <translation>经办公室决定开放的调休上班日</translation>
    </message>
    <message>
        <source>A studio never opens on a swapped working Saturday or Sunday unless the office decides so for that date. Make the rota again after a change.</source>
        <translation>工作室在调休上班的周六、周日（调休上班日）不开放，除非办公室对该日另有决定。修改后请重新排班。</translation>
    </message>
    <message>
        <source>The station picked is not a studio: pick a studio, or All stations to list them.</source>
        <translation>所选站点不是代表工作室：请选择一个工作室，或选择“全部站点”列出全部工作室。</translation>
    </message>
    <message>
        <source>Opens every %1 with %2 deputies per opening (set on the Duty pattern page).</source>
        <translation>每周%1开放，每次%2名代表（在“值班安排”页设置）。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>No fixed weekday yet: set it, and 2 to 3 deputies, on the Duty pattern page.</source>
        <translation>尚未设置固定接待日：请在“值班安排”页设置，并安排2至3名代表。</translation>
    </message>
    <message>
        <source>The holiday rule was saved. Make the rota again to apply it.</source>
        <translation>节假日规则已保存。重新排班后生效。</translation>
    </message>
    <message>
        <source>Say who decided to open the studio that day.</source>
        <translation>请填写决定当日开放的人。</translation>
    </message>
    <message>
        <source>%1 is not a swapped workday: the studio follows its fixed weekday then.</source>
        <translation>%1 不是调休上班日：工作室当日按固定接待日安排。</translation>
    </message>
    <message>
        <source>The studio opens on that day. Make the rota again to put deputies on it.</source>
        <translation>工作室当日开放。请重新排班，安排值班代表。</translation>
    </message>
    <message>
        <source>Choose an exception in the list first.</source>
        <translation>请先在列表中选择一条例外。</translation>
    </message>
    <message>
        <source>The exception was removed.</source>
        <translation>该例外已取消。</translation>
    </message>
</context>
<context>
    <name>SuggestionDialog</name>
    <message>
        <source>Draft a suggestion</source>
        <translation>起草建议</translation>
    </message>
    <message>
        <source>Draft the text from the chosen problems</source>
        <translation>根据所选问题起草正文</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Deputy</source>
        <translation>代表</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>所据问题</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>It is numbered when the office sends it to a bureau (Meetings page, Deputies&apos; suggestions).</source>
        <translation>办公室交办时编号（交办会页面的“代表建议”）。</translation>
    </message>
    <message>
        <source>This campaign has no problems yet: a suggestion is drafted from its problems.</source>
        <translation>本活动还没有问题：建议须根据活动发现的问题起草。</translation>
    </message>
    <message>
        <source>The roster has no deputies: add the deputy first.</source>
        <translation>代表名册为空：请先添加代表。</translation>
    </message>
    <message>
        <source>Choose the problems first.</source>
        <translation>请先选择问题。</translation>
    </message>
    <message>
        <source>The campaign found these problems:</source>
        <translation>活动中发现以下问题：</translation>
    </message>
</context>
<context>
    <name>SuggestionModel</name>
    <message>
        <source>Not yet a deputy&apos;s suggestion</source>
        <translation>尚未转为代表建议</translation>
    </message>
    <message>
        <source>Drafted</source>
        <translation>草拟</translation>
    </message>
    <message>
        <source>Sent to %1</source>
        <translation>已交%1办理</translation>
    </message>
    <message>
        <source>Answered by %1</source>
        <translation>%1已答复</translation>
    </message>
    <message>
        <source>Deputy satisfied</source>
        <translation>代表满意</translation>
    </message>
    <message>
        <source>Deputy dissatisfied: to be sent again</source>
        <translation>代表不满意，待再次交办</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>建议编号</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Deputy</source>
        <translation>代表</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>办理情况</translation>
    </message>
</context>
<context>
    <name>SuggestionsPage</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Deputy</source>
        <translation>代表</translation>
    </message>
    <message>
        <source>Bureau</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Supervision level</source>
        <translation>督办层级</translation>
    </message>
    <message>
        <source>Draft from the cases selected under Meetings</source>
        <translation>以交办会页中选中的案件起草建议</translation>
    </message>
    <message>
        <source>Send to the bureau</source>
        <translation>交承办单位办理</translation>
    </message>
    <message>
        <source>Record the answer</source>
        <translation>登记答复</translation>
    </message>
    <message>
        <source>Deputy&apos;s words</source>
        <translation>代表意见</translation>
    </message>
    <message>
        <source>Record the deputy&apos;s verdict</source>
        <translation>登记代表满意度</translation>
    </message>
    <message>
        <source>Raise the supervision level</source>
        <translation>提级督办</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议内容</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>办理时限（工作日）</translation>
    </message>
    <message>
        <source>Bureau&apos;s answer</source>
        <translation>承办单位答复</translation>
    </message>
    <message>
        <source>Deputy&apos;s verdict</source>
        <translation>代表评价</translation>
    </message>
    <message>
        <source>New level</source>
        <translation>新督办层级</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>决定者</translation>
    </message>
    <message>
        <source>Supervised within the handling unit</source>
        <translation>承办单位内部督办</translation>
    </message>
    <message>
        <source>Supervised with deputies</source>
        <translation>代表参与督办</translation>
    </message>
    <message>
        <source>Supervised by the deputy affairs committee</source>
        <translation>代表工委综合督办</translation>
    </message>
    <message>
        <source>Supervised by the special committee</source>
        <translation>专门委员会对口督办</translation>
    </message>
    <message>
        <source>Supervised by the chairpersons&apos; meeting</source>
        <translation>主任会议统筹督办</translation>
    </message>
    <message>
        <source>Suggestion drafted.</source>
        <translation>建议已起草。</translation>
    </message>
    <message>
        <source>Suggestion sent to the bureau.</source>
        <translation>建议已交承办单位办理。</translation>
    </message>
    <message>
        <source>Answer recorded.</source>
        <translation>答复已登记。</translation>
    </message>
    <message>
        <source>The deputy&apos;s verdict recorded.</source>
        <translation>代表满意度已登记。</translation>
    </message>
    <message>
        <source>Supervision level raised.</source>
        <translation>督办层级已提高。</translation>
    </message>
</context>
<context>
    <name>SummaryTab</name>
    <message>
        <source>A month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>A quarter</source>
        <translation>按季度</translation>
    </message>
    <message>
        <source>A half-year</source>
        <translation>按半年</translation>
    </message>
    <message>
        <source>A year</source>
        <translation>按年度</translation>
    </message>
    <message>
        <source>From … to …</source>
        <translation>自定义期间</translation>
    </message>
    <message>
        <source>Mask citizens&apos; phone numbers (139****5678)</source>
        <translation>隐去群众电话中间四位（139****5678）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Excel workbook for the committee</source>
        <translation>报常委会的 Excel 汇总表</translation>
    </message>
    <message>
        <source>One workbook: the summary sheet (the tally of the period, with the satisfaction rate&apos;s definition), the five lists (responsibility, problem, rectification, sign-off, evaluation) and every case in detail. Phone numbers are masked unless you untick the box; export full numbers only when the committee needs them.</source>
        <translation>一个工作簿：汇总表（本期统计及满意率口径）、五张清单（责任清单、问题清单、整改清单、销号清单、评价清单）和全部案件明细。默认隐去电话中间四位；只有常委会确需时才取消勾选、导出完整号码。</translation>
    </message>
    <message>
        <source>The last day is before the first day.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>Export the summary for the committee</source>
        <translation>导出报常委会的汇总表</translation>
    </message>
    <message>
        <source>Summary %1.xlsx</source>
        <translation>汇总表 %1.xlsx</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting the summary</source>
        <translation>正在导出汇总表</translation>
    </message>
    <message>
        <source>Writing the summary workbook for %1…</source>
        <translation>正在写出 %1 的汇总表…</translation>
    </message>
    <message>
        <source>Export cancelled: no file is written. The work already started finishes in the background and is then discarded.</source>
        <translation>已取消导出，不会写出文件。已开始的工作会在后台做完，然后丢弃。</translation>
    </message>
    <message>
        <source>Export cancelled: no file is written.</source>
        <translation>已取消导出，不会写出文件。</translation>
    </message>
    <message>
        <source>Written: %1 (rows: %2)</source>
        <translation>已写出：%1（行数：%2）</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Cannot reach the central server; will retry.</source>
        <translation>连不上中心服务器，稍后自动重试。</translation>
    </message>
    <message>
        <source>This desk&apos;s sync permission was revoked: enrol again.</source>
        <translation>本机的同步授权已被撤销，请重新注册。</translation>
    </message>
    <message>
        <source>The server does not accept this desk: enrol again.</source>
        <translation>服务器不认可本机授权，请重新注册。</translation>
    </message>
    <message>
        <source>The server refused records outside this station.</source>
        <translation>服务器拒绝了不属于本站点的记录。</translation>
    </message>
    <message>
        <source>The enrolment code is wrong, used or expired.</source>
        <translation>注册码无效、已使用或已过期。</translation>
    </message>
    <message>
        <source>The server did not accept the request.</source>
        <translation>服务器不接受这次请求。</translation>
    </message>
    <message>
        <source>The central server had an error; will retry.</source>
        <translation>中心服务器出错，稍后自动重试。</translation>
    </message>
    <message>
        <source>The server&apos;s answer was not understood; will retry.</source>
        <translation>无法识别服务器的回答，稍后自动重试。</translation>
    </message>
    <message>
        <source>Standalone: not enrolled with a server.</source>
        <translation>单机使用，尚未注册到中心服务器。</translation>
    </message>
    <message>
        <source>No slip numbers left: sync before printing slips.</source>
        <translation>交办单编号已用完，请先联网同步再打印。</translation>
    </message>
    <message>
        <source>Sync failed because of a program error; see the log.</source>
        <translation>同步因程序错误失败，请查看日志。</translation>
    </message>
    <message>
        <source>Sync failed.</source>
        <translation>同步失败。</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Standalone</source>
        <translation>单机</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>待同步 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) to review</source>
        <translation>
            <numerusform>有 %n 条同步冲突待查看</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TakeOverDialog</name>
    <message>
        <source>Take the case over</source>
        <translation>区中心接办</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>接办</translation>
    </message>
    <message>
        <source>Take this case over from its station? The centre handles it from now on; the station sees it taken over, with its whole history.</source>
        <translation>由区中心接办此案件？此后由区中心办理；站点可看到该案件已被接办及其全部办理记录。</translation>
    </message>
</context>
<context>
    <name>TallyTab</name>
    <message>
        <source>Print / preview PDF…</source>
        <translation>打印/预览 PDF…</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>环比增减</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按问题类别</translation>
    </message>
    <message>
        <source>By handling unit</source>
        <translation>按承办单位</translation>
    </message>
    <message>
        <source>By channel</source>
        <translation>按来源渠道</translation>
    </message>
    <message>
        <source>Counting the figures of %1…</source>
        <translation>正在统计%1的数据…</translation>
    </message>
    <message>
        <source>Period: %1 to %2 · compared with: %3 to %4 · overdue counted as of %5</source>
        <translation>统计期间：%1至%2 · 上期（环比）：%3至%4 · 超期统计截至：%5</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <source>Handling unit</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Half-year</source>
        <translation>半年</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <source>Dates from … to …</source>
        <translation>自定义起止日期</translation>
    </message>
    <message>
        <source>◀ Before</source>
        <translation>◀ 上一期</translation>
    </message>
    <message>
        <source>After ▶</source>
        <translation>下一期 ▶</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>统计期间：</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <source>Period before</source>
        <translation>上期（环比）</translation>
    </message>
    <message>
        <source>Same period last year</source>
        <translation>去年同期（同比）</translation>
    </message>
    <message>
        <source>Change on last year</source>
        <translation>同比增减</translation>
    </message>
    <message>
        <source>Each cell: this period / period before. Hover over a heading for its definition.</source>
        <translation>每格：本期 / 上期。鼠标停在表头上可看统计口径。</translation>
    </message>
    <message>
        <source>No cases in these two periods.</source>
        <translation>这两期没有案件。</translation>
    </message>
    <message>
        <source>No referrals in these two periods.</source>
        <translation>这两期没有交办。</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Counting the same period last year…</source>
        <translation>正在统计去年同期…</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>同比统计中…</translation>
    </message>
    <message>
        <source>Tally %1</source>
        <translation>工作统计 %1</translation>
    </message>
    <message>
        <source>Export the tally to Excel</source>
        <translation>导出工作统计 Excel</translation>
    </message>
    <message>
        <source>Tally %1.xlsx</source>
        <translation>工作统计 %1.xlsx</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已写出：%1</translation>
    </message>
</context>
<context>
    <name>ThemeDaysTab</name>
    <message>
        <source>Print the notice…</source>
        <translation>打印公告…</translation>
    </message>
    <message>
        <source>Theme reception days of</source>
        <translation>主题接待日，年度</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Invited deputies</source>
        <translation>参加代表</translation>
    </message>
    <message>
        <source>Invited units</source>
        <translation>邀请单位</translation>
    </message>
    <message>
        <source>Receptions</source>
        <translation>接待件数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Save the theme day</source>
        <translation>保存主题接待日</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Separate several names with a list comma. Receptions of the day are tagged to it from the reception form.</source>
        <translation>多个名称用“、”分隔。当天的接待在接待登记表中归入该主题接待日。</translation>
    </message>
    <message>
        <source>Give the theme of the day.</source>
        <translation>请填写接待主题。</translation>
    </message>
    <message>
        <source>The theme reception day was saved.</source>
        <translation>主题接待日已保存。</translation>
    </message>
    <message>
        <source>Choose a theme reception day in the list first.</source>
        <translation>请先在列表中选择一个主题接待日。</translation>
    </message>
    <message>
        <source>Print the theme reception day&apos;s notice</source>
        <translation>打印主题接待日公告</translation>
    </message>
    <message>
        <source>Theme day %1.pdf</source>
        <translation>主题接待日 %1.pdf</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已写出：%1</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <source>Record a visit off the rota…</source>
        <translation>登记排班外进站…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Other visits today</source>
        <translation>今天的其他进站</translation>
    </message>
    <message>
        <source>On duty today, %1</source>
        <translation>今日值班 %1</translation>
    </message>
    <message>
        <source>Nobody is on the rota today.</source>
        <translation>今天没有排班。</translation>
    </message>
    <message>
        <source>%1 on the rota, %2 at the desk now</source>
        <translation>排班 %1 人，现在在站 %2 人</translation>
    </message>
    <message>
        <source>Stand-in %1: %2</source>
        <translation>%1代班：%2</translation>
    </message>
    <message>
        <source>Not checked in yet</source>
        <translation>尚未签到</translation>
    </message>
    <message>
        <source>Checked in at %1</source>
        <translation>%1 已签到</translation>
    </message>
    <message>
        <source>Came %1, left %2</source>
        <translation>%1 签到，%2 签退</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1&#x3000;%2</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>进站签到</translation>
    </message>
    <message>
        <source>Check out</source>
        <translation>签退</translation>
    </message>
    <message>
        <source>Stand-in…</source>
        <translation>代班…</translation>
    </message>
    <message>
        <source>Another deputy sits in for %1 today</source>
        <translation>今天由其他代表替%1值班</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>已登记</translation>
    </message>
    <message>
        <source>There is no active deputy on the roster to record.</source>
        <translation>代表名册中没有在任代表可登记。</translation>
    </message>
    <message>
        <source>The visit is recorded.</source>
        <translation>已登记进站。</translation>
    </message>
</context>
<context>
    <name>TransferDownDialog</name>
    <message>
        <source>Transfer down to the station</source>
        <translation>转办至站点</translation>
    </message>
    <message>
        <source>Transfer down</source>
        <translation>下转</translation>
    </message>
    <message>
        <source>Send this case back to its station, which handles it from now on?</source>
        <translation>将此案件转回受理站点，此后由站点办理？</translation>
    </message>
</context>
<context>
    <name>TransferRegisterTab</name>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>转办类型</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Slip number</source>
        <translation>交办单号</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>City reference number</source>
        <translation>市级来文编号</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Transferred up to the district centre</source>
        <translation>转办至区中心</translation>
    </message>
    <message>
        <source>Transferred down to the station</source>
        <translation>转办至站点</translation>
    </message>
    <message>
        <source>Taken over by the district centre</source>
        <translation>区中心接办</translation>
    </message>
    <message>
        <source>Transferred to the city</source>
        <translation>转办至市级</translation>
    </message>
    <message>
        <source>Returned by the city</source>
        <translation>市级交回</translation>
    </message>
    <message>
        <source>%1 transfers</source>
        <translation>共 %1 条转办</translation>
    </message>
    <message>
        <source>Export the transfer register to Excel</source>
        <translation>将转办登记簿导出为 Excel</translation>
    </message>
    <message>
        <source>Transfers %1.xlsx</source>
        <translation>转办登记簿 %1.xlsx</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>%1 transfers written to %2</source>
        <translation>%1 条转办已写入 %2</translation>
    </message>
</context>
<context>
    <name>TransferToCityDialog</name>
    <message>
        <source>Transfer to the city</source>
        <translation>转办至市级</translation>
    </message>
    <message>
        <source>Send this case to the city congress&apos;s office? Nobody in the district acts on it until the city hands it back; record the city&apos;s return here when it does.</source>
        <translation>将此案件转办至市人大常委会代表工作机构？市级交回之前，区内各工作台只能查看、不能办理；市级交回时请在此记录。</translation>
    </message>
    <message>
        <source>Optional, e.g. the number of the city&apos;s letter</source>
        <translation>选填，例如市级来文的文号</translation>
    </message>
    <message>
        <source>City reference number</source>
        <translation>市级来文编号</translation>
    </message>
    <message>
        <source>Why the city should handle it: e.g. it concerns two districts</source>
        <translation>为何需由市级办理：例如涉及两个区</translation>
    </message>
</context>
<context>
    <name>TransferUpDialog</name>
    <message>
        <source>Transfer up to the district centre</source>
        <translation>转办至区中心</translation>
    </message>
    <message>
        <source>Transfer up</source>
        <translation>上转</translation>
    </message>
    <message>
        <source>Send this case to the district centre? The centre handles it from now on; this desk keeps the case and its history to read, and the transfer in its register.</source>
        <translation>将此案件转办至区中心？此后由区中心办理；本工作台仍可查看该案件及其全部记录，转办记入登记簿。</translation>
    </message>
</context>
<context>
    <name>Transfers</name>
    <message>
        <source>Transfer up to the district centre…</source>
        <translation>转办至区中心…</translation>
    </message>
    <message>
        <source>Transfer down to the station…</source>
        <translation>转办至站点…</translation>
    </message>
    <message>
        <source>Take the case over…</source>
        <translation>区中心接办…</translation>
    </message>
    <message>
        <source>Transfer to the city…</source>
        <translation>转办至市级…</translation>
    </message>
    <message>
        <source>Returned by the city…</source>
        <translation>市级交回…</translation>
    </message>
    <message>
        <source>Record the city&apos;s reply…</source>
        <translation>记录市级答复…</translation>
    </message>
</context>
<context>
    <name>UnavailableDialog</name>
    <message>
        <source>Unavailable dates of %1</source>
        <translation>%1 的不便值班日期</translation>
    </message>
    <message>
        <source>Reason (optional), e.g. attending a meeting</source>
        <translation>原因（可不填），如外出开会</translation>
    </message>
    <message>
        <source>Add the date</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <source>Remove the chosen date</source>
        <translation>删除所选日期</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The rota never puts the deputy on duty on these dates.</source>
        <translation>排班时不会在这些日期安排该代表值班。</translation>
    </message>
</context>
<context>
    <name>UpgradeNotice</name>
    <message>
        <source>Station Desk</source>
        <translation>代表工作站接待台</translation>
    </message>
    <message>
        <source>Upgrading the data on this computer for the new version of the desk.
With many cases this can take a few minutes. Please wait and do not switch the computer off.</source>
        <translation>正在为新版接待台升级本机数据。
案件较多时可能需要几分钟，请耐心等待，不要关闭电脑。</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Record a visit off the rota</source>
        <translation>登记排班外进站</translation>
    </message>
    <message>
        <source>e.g. inspection of the service windows</source>
        <translation>如：视察政务服务窗口</translation>
    </message>
    <message>
        <source>For visits of deputies who are not on today&apos;s rota. A deputy on the rota checks in with the big button instead.</source>
        <translation>用于登记不在今天排班中的代表进站。排班中的代表请直接点大按钮签到。</translation>
    </message>
    <message>
        <source>Deputy</source>
        <translation>代表</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void the registration</source>
        <translation>作废登记</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Void this registration, made by mistake? It then counts nowhere; it stays in the desk&apos;s history with the reason.</source>
        <translation>作废这条误登的登记？作废后不计入任何统计，连同理由保留在本机记录中。</translation>
    </message>
    <message>
        <source>e.g. registered twice, a test entry, the wrong citizen</source>
        <translation>例如：重复登记、测试数据、登记错了人</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <source>The citizen withdraws the case</source>
        <translation>群众撤回</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Close this case as withdrawn by the citizen? It is counted as withdrawn, never as satisfied.</source>
        <translation>以群众撤回办结此件？计为撤回，不计为满意。</translation>
    </message>
    <message>
        <source>What the citizen said, when and how</source>
        <translation>群众何时、以何种方式说了什么</translation>
    </message>
</context>
<context>
    <name>WorklistPanel</name>
    <message>
        <source>Today&apos;s work</source>
        <translation>今日待办</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Due within two working days</source>
        <translation>两个工作日内到期</translation>
    </message>
    <message>
        <source>Replies waiting for a callback</source>
        <translation>已答复待回访</translation>
    </message>
    <message>
        <source>Dissatisfied, waiting for a second round</source>
        <translation>不满意待二次督办</translation>
    </message>
    <message>
        <source>Extension requests to decide</source>
        <translation>延期申请待审批</translation>
    </message>
    <message>
        <source>QR submissions waiting to be accepted</source>
        <translation>扫码反映待受理</translation>
    </message>
    <message>
        <source>Today is %1. Due soon means due by %2 (working days of the office&apos;s calendar).</source>
        <translation>今天是 %1。即将到期指 %2 前到期（按本办工作日历计算工作日）。</translation>
    </message>
    <message>
        <source>Open the list (Alt+%1)</source>
        <translation>打开清单（Alt+%1）</translation>
    </message>
    <message>
        <source>Open the QR submissions (Alt+%1)</source>
        <translation>打开扫码反映（Alt+%1）</translation>
    </message>
</context>
<context>
    <name>_ClassDialog</name>
    <message>
        <source>Restored the unsaved draft (typed %1).</source>
        <translation>已恢复未保存的草稿（%1 录入）。</translation>
    </message>
</context>
<context>
    <name>_TransferDialog</name>
    <message>
        <source>Why this level should handle it: e.g. it concerns several streets</source>
        <translation>为何由该层级办理：例如涉及多个街道</translation>
    </message>
</context>
</TS>
