//! Every user-facing string, zh-CN then en. Grouped by area.

use crate::domain::calendar::CalendarError;
use crate::domain::case::{EventKind, Loss, State as CaseState};
use crate::domain::ids::{Category, Grade};
use chrono::NaiveDate;

crate::catalogue! {
    // ── general ──
    Yes => "是", "yes";
    No => "否", "no";

    // ── ID numbers (GB 11643) ──
    IdEmpty => "身份证号为空", "the ID number is empty";
    IdOldFifteen => "这是15位旧身份证号，请换成18位身份证号后再录入",
        "this is an old 15-digit ID number; enter the 18-digit number instead";
    IdLength { len: usize } => "身份证号应为18位，这里是{len}位，请核对是否多输或漏输",
        "an ID number has 18 characters, this one has {len}; check for a missing or extra digit";
    IdBadChar { pos: usize, ch: char } => "身份证号第{pos}位“{ch}”不是数字（只有最后一位可以是X）",
        "character {pos} of the ID number ('{ch}') is not a digit (only the last may be X)";
    IdBadDivision => "身份证号前6位不是有效的地区代码", "the first 6 digits are not a valid division code";
    IdBadDate { date: String } => "身份证号里的出生日期{date}不存在，请核对第7至14位",
        "the birth date {date} in the ID number does not exist; check digits 7 to 14";
    IdDateOutOfRange { date: String } => "身份证号里的出生日期{date}不可能（早于1900年或晚于今天）",
        "the birth date {date} in the ID number is impossible (before 1900 or in the future)";
    IdChecksum { expected: char, found: char } => "身份证号校验位不对：最后一位应为{expected}，录入的是{found}，请逐位核对",
        "the ID number's check character is wrong: expected {expected}, found {found}; check every digit";
    IdScientific => "身份证号被Excel存成了数字（科学计数法），后几位已经丢失，请把该列设为文本后重新录入",
        "Excel stored the ID number as a number (scientific notation) and its last digits are lost; format the column as text and re-enter it";
    IdNumericCell => "身份证号被Excel存成了数字，最后几位已经丢失，无法自动修复；请把该列设为文本后重新录入",
        "Excel stored the ID number as a number, its last digits are lost and cannot be repaired; format the column as text and re-enter it";

    // ── certificate numbers, category, grade ──
    CertEmpty => "残疾人证号为空", "the certificate number is empty";
    CertLength { len: usize } => "残疾人证号应为20位（身份证号+类别+等级），这里是{len}位",
        "a certificate number has 20 characters (ID + category + grade), this one has {len}";
    CertBadId { reason: String } => "残疾人证号的前18位不是有效身份证号：{reason}",
        "the first 18 characters of the certificate number are not a valid ID number: {reason}";
    CertBadCategory { digit: char } => "残疾人证号第19位“{digit}”不是残疾类别（应为1至7）",
        "character 19 of the certificate number ('{digit}') is not a category (1 to 7)";
    CertBadGrade { digit: char } => "残疾人证号第20位“{digit}”不是残疾等级（应为1至4）",
        "character 20 of the certificate number ('{digit}') is not a grade (1 to 4)";
    CertMismatch { expected: String } => "残疾人证号与身份证号、类别、等级不一致，应为{expected}",
        "the certificate number does not match the ID number, category and grade; expected {expected}";
    CategoryUnknown { value: String } => "残疾类别“{value}”无法识别（应为视力、听力、言语、肢体、智力、精神、多重或1至7）",
        "unknown category '{value}' (visual, hearing, speech, physical, intellectual, mental, multiple or 1 to 7)";
    GradeUnknown { value: String } => "残疾等级“{value}”无法识别（应为一级至四级或1至4）",
        "unknown grade '{value}' (一级 to 四级 or 1 to 4)";

    // ── case life-cycle ──
    State { state: CaseState } => "{state}", "{state}";
    RuleNotRegistered => "此人尚未登记，请先导入花名册或在台账中登记", "this person is not registered; import the roster or register them first";
    RuleAlreadyRegistered => "此人已经登记过", "this person is already registered";
    RuleNotAllowed { state: CaseState, event: EventKind } => "当前状态为“{state}”，不能{event}",
        "the case is {state}; {event} is not possible now";
    RuleHandoverBeforeReassessment => "此人是目测办证，必须先重新评定，才能领取第三代残疾人证",
        "this holder was assessed by sight only and must be re-assessed before a card is handed over";
    RuleNoAssessmentNeeded { state: CaseState } => "此人当前“{state}”，不需要评定，请勿排队",
        "this person is {state} and needs no assessment; do not queue them";
    RuleWalkInNeeded => "此人不在今天本点的名单上，如要现场评定，请按临时到场登记并确认",
        "this person is not expected here today; check them in as a walk-in and confirm";
    RuleNoticeNotStarted => "公示尚未开始，请先登记公示开始日期", "the public notice has not started; record its start date first";
    RuleNoticeNotEnded { end: NaiveDate } => "公示期未满（{end}结束），期满后才能申请制卡",
        "the public notice runs until {end}; a card can be requested only after it ends";
    RuleNoticeOver { end: NaiveDate } => "公示期已于{end}结束，不能再提出公示异议；可申请复核",
        "the public notice ended on {end}; an objection is no longer possible, but a review can be requested";
    RuleNoticeAlreadyStarted { start: NaiveDate } => "此人已于{start}开始公示", "this case's public notice already started on {start}";
    RuleCorrectAfterIssue => "已经发证，不能直接更正评定结果；请先由领导撤销发证",
        "the card has been handed over; a leader must correct the handover before the result can be corrected";
    RuleNothingToCorrect => "此人还没有可更正的评定结果", "there is no assessment result to correct";
    RuleNewApplicantUnchanged => "新申请人没有原证，评定结果不能是“无变化”", "a new applicant has no certificate, so the result cannot be 'unchanged'";
    RuleReclassifyAfterProgress { state: CaseState } => "此人已在办理中（{state}），不能通过导入修改评定方式或残疾人证号；请在台账中更正或作废重制",
        "this case is already under way ({state}); a roster cannot change its basis or certificate number — correct it on the holders screen or void and remake";
    RuleReceiptBeforeNotice { delivered: NaiveDate } => "回执日期早于告知书送达日期（{delivered}），请核对日期", "the receipt's date is before the notice was delivered ({delivered}); check the date";
    CalendarProblem { detail: CalendarError } => "工作日日历有问题：{detail}", "working-day calendar problem: {detail}";

    // ── roster rows ──
    RowNameEmpty => "姓名为空", "the name is empty";
    RowBasisEmpty => "评定方式为空（应填目测、非目测或新申请）", "the basis is empty (目测 visual, 非目测 medical or 新申请 new)";
    RowBasisUnknown { value: String } => "评定方式“{value}”无法识别（应填目测、非目测或新申请）",
        "unknown basis '{value}' (目测 visual, 非目测 medical or 新申请 new)";
    RowNewHasCertificate => "新申请人还没有残疾人证，残疾人证号、类别、等级应留空",
        "a new applicant has no certificate yet; leave certificate number, category and grade empty";
    RowTownshipUnknown { value: String } => "乡镇“{value}”不是本县的乡镇（街道），请填写乡镇名称或12位区划代码",
        "'{value}' is not a township of this county; give the township's name or its 12-digit code";
    RowYesNo { value: String } => "“{value}”应填“是”或“否”", "'{value}' must be 是 (yes) or 否 (no)";

    // ── database ──
    DbDiskFull => "磁盘已满，本次操作没有保存。请清理磁盘空间后重试，已填写的内容仍保留在表单中",
        "the disk is full and this action was not saved; free some space and try again — the form is kept";
    DbReadOnly => "数据库文件只读或无法写入，本次操作没有保存。请检查文件权限或换一个位置（--db）",
        "the database file is read-only or cannot be written; nothing was saved. Check its permissions or use another path (--db)";
    DbBusy => "数据库正被另一个程序使用，请稍后重试", "the database is in use by another program; try again in a moment";
    DbNotADatabase => "这个文件不是本程序的数据库，或者已经损坏（加密数据库需要口令）",
        "this file is not a huanzheng database or it is damaged (an encrypted database needs its passphrase)";
    DbMigration { detail: String } => "数据库升级失败，原数据未改动：{detail}", "upgrading the database failed and nothing was changed: {detail}";
    DbOther { detail: String } => "数据库出错：{detail}", "database error: {detail}";
    PersonNotFound { key: String } => "找不到身份证号或残疾人证号为“{key}”的人，请核对号码",
        "nobody has the ID or certificate number '{key}'; check the number";

    // ── import ──
    RejectSameIdDiffers { other_row: usize } => "与第{other_row}行身份证号相同但内容不同，两行都未导入；请核实后只保留一行",
        "same ID number as row {other_row} but different details; neither row was imported — keep the right one";
    RejectExactRepeat { of_row: usize } => "与第{of_row}行完全相同，只导入一次", "exact repeat of row {of_row}; imported once";
    RejectsHeaderRow => "行号", "row";
    RejectsHeaderColumn => "列", "column";
    RejectsHeaderReason => "原因", "reason";
    RejectsHeaderValue => "内容", "value";
    RejectsWholeRow => "整行", "whole row";
    RejectsUnwritable { detail: String } => "无法写出错误清单文件：{detail}", "cannot write the rejects file: {detail}";
    CardNumberInvalid => "卡号应为6至32位字母或数字", "a card number has 6 to 32 letters or digits";
    CardUnknownCertificate => "台账中没有这个残疾人证号，请先导入花名册", "no holder has this certificate number; import the roster first";
    CardWrongClassification => "卡上的残疾类别、等级与此人的证和最新评定结果都不一致", "the card's category and grade match neither the holder's certificate nor the latest assessment";
    CardNumberTaken => "这个卡号已登记给另一张残疾人证", "this card number is already registered to another certificate";

    // ── command line ──
    Plain { text: String } => "{text}", "{text}";
    NoDataDir => "找不到本机的数据目录，请用 --db 指定数据库文件", "no data directory on this machine; give the database file with --db";
    DbMissing { path: String } => "数据库 {path} 不存在。先导入花名册（huanzheng import roster 文件），或生成演示县（huanzheng demo --db {path}）",
        "the database {path} does not exist; import a roster first (huanzheng import roster FILE) or create the demo county (huanzheng demo --db {path})";
    // ── audit (tamper-evident log) ──
    AuditOk { events: i64, devices: usize } => "审计链完好：{devices}台设备的{events}条记录逐条核对无误",
        "the audit chain holds: {events} events from {devices} device(s) checked one by one";
    AuditBroken { event: String, device: String, seq: i64, at: String, operator: String, fault: Box<Text> } =>
        "审计链断开：记录 {event}（设备 {device} 第{seq}条，{at}，操作员 {operator}）：{fault}",
        "the audit chain breaks at event {event} (device {device}, no. {seq}, {at}, operator {operator}): {fault}";
    AuditAltered => "这条记录与链对不上：它本身被改动过，或它前一条被改动后重算了校验值",
        "this event does not match the chain: it was changed, or the one before it was changed and re-hashed";
    AuditMissing { expected: i64 } => "它前面缺少记录（应从第{expected}条接上）",
        "events before it are missing (expected no. {expected})";
    AuditFailed { devices: usize } => "审计核对未通过：{devices}台设备的记录链有断开，数据库可能被人改动过",
        "audit verification failed: the chain of {devices} device(s) is broken; the database may have been tampered with";
    // ── operators and roles ──
    NeedsRole { action: String, action_en: String, roles: String, roles_en: String } =>
        "{action}需要{roles}的账号，请找{roles}办理", "only a {roles_en} may {action_en}";
    ClerkOtherTownship { township: String } => "乡镇残联账号只能查看和办理本乡镇的事项，{township}不是本乡镇",
        "a township clerk's account sees and acts on its own township only; {township} is not it";
    ClerkCountyWide => "这个命令涉及全县，乡镇残联账号不能使用；请用 --township 指定本乡镇，或找县残联办理",
        "this command covers the whole county, which a township clerk's account may not; give --township with your own township, or ask the county federation";
    OtherTownship => "这个人不属于本乡镇，乡镇账号只能办理本乡镇的人",
        "this person belongs to another township; a township account acts on its own township only";
    SetupTitle => "首次使用：创建县残联领导账号", "first start: the county leader's account";
    SetupExplain => "这是第一个账号，之后由县残联领导添加其他人", "this is the first account; the leader adds everyone else";
    SignInTitle => "登录", "sign in";
    LockedTitle { name: String } => "已锁屏（{name}）", "locked ({name})";
    FieldName => "姓名", "name";
    FieldPassword => "密码", "password";
    FieldAgain => "再输一次", "once more";
    Checking => "正在核对……", "checking…";
    SignInKeys => "Enter 确定  Tab 下一栏  Ctrl-C 退出", "Enter confirm  Tab next field  Ctrl-C quit";
    DemoAccounts { leader: String, password: String } => "演示账号 {leader}，密码 {password}\n同一密码也可登录：演示办证员、演示乡镇专干、演示医生",
        "demo account {leader}, password {password}\nthe same password signs in 演示办证员, 演示乡镇专干, 演示医生";
    LockKeyHelp => "锁屏", "lock the screen";
    NotSignedIn => "请先登录", "sign in first";
    PasswordShort => "密码至少6位", "a password has at least 6 characters";
    PasswordWeak => "密码不能全是同一个字符", "a password cannot be one character repeated";
    PasswordWrong => "密码不对，请重新输入", "wrong password; try again";
    PasswordMismatch => "两次输入的密码不一样", "the two passwords differ";
    PasswordNeeded { name: String } => "需要操作员 {name} 的密码：在终端里运行会提示输入，脚本里请设置环境变量 HUANZHENG_PASSWORD",
        "operator {name}'s password is needed: run in a terminal to be asked, or set HUANZHENG_PASSWORD in scripts";
    PasswordPrompt { name: String } => "操作员 {name} 的密码：", "password for operator {name}: ";
    NewPasswordPrompt { name: String } => "为 {name} 设置新密码：", "new password for {name}: ";
    NewPasswordAgain => "再输入一次：", "once more: ";
    OperatorNameEmpty => "操作员姓名为空", "the operator's name is empty";
    OperatorNeedsTownship => "乡镇残联账号要写明乡镇（--township 乡镇名）", "a township clerk's account needs its township (--township NAME)";
    FirstOperatorIsLeader => "第一个账号必须是县残联领导；之后由县残联领导添加其他人",
        "the first account must be a county leader's; the leader adds everyone else";
    OperatorExists { name: String } => "已经有操作员 {name}", "there is already an operator {name}";
    OperatorUnknown { name: String } => "没有操作员 {name}，请核对姓名（由县残联领导添加账号）",
        "there is no operator {name}; check the name (the county leader adds accounts)";
    OperatorDisabled { name: String } => "操作员 {name} 的账号已停用", "operator {name}'s account is disabled";
    OperatorNeeded => "请用 --operator 姓名 指明操作员（或设置 HUANZHENG_OPERATOR）",
        "name the operator with --operator NAME (or set HUANZHENG_OPERATOR)";
    LastLeader => "这是最后一个可用的县残联领导账号，不能停用", "this is the last enabled county leader; it cannot be disabled";
    OperatorAdded { name: String, role: String } => "已添加操作员 {name}（{role}）", "added operator {name} ({role})";
    FirstLeaderCreated { name: String } => "已创建第一个县残联领导账号：{name}", "created the first county leader account: {name}";
    PasswordChanged { name: String } => "已更改 {name} 的密码", "changed {name}'s password";
    OperatorDisabledNow { name: String } => "已停用 {name} 的账号", "disabled {name}'s account";
    FullIdNeedsReason => "导出完整身份证号要写明原因：--reason 原因（会记录在案）",
        "exporting full ID numbers needs a reason: --reason TEXT (it is recorded)";
    UnknownRole { value: String } => "“{value}”不是角色：可填 县残联领导、办证员、乡镇残联、医生",
        "'{value}' is not a role: leader, staff, township_clerk or doctor";
    AccountDisabledTag => "已停用", "disabled";
    // ── backups ──
    BackupWritten { path: String } => "已备份到 {path}（已核对完整）", "backed up to {path} (checked)";
    BackupIo { path: String, detail: String } => "备份写不进 {path}：{detail}。请检查磁盘空间或换一个位置",
        "the backup could not be written to {path}: {detail}; check the free disk space or choose another place";
    BackupCorrupt { path: String, detail: String } => "{path} 没有通过完整性检查（{detail}），不能用",
        "{path} fails the integrity check ({detail}) and cannot be used";
    BackupInMemory => "这个数据库只在内存里，没有文件可以备份", "this database lives only in memory; there is no file to back up";
    BackupFailedAlert { detail: Box<Text> } => "自动备份失败：{detail}", "automatic backup failed: {detail}";
    RestoredFresh { events: i64 } => "已恢复：{events}条记录核对无误", "restored: {events} events verified";
    RestoreNotADatabase { path: String } => "{path} 不是换证数据库或其备份", "{path} is not a huanzheng database or backup";
    RestoreNewer { path: String } => "{path} 来自更新版本的换证程序，请先升级本程序再恢复",
        "{path} comes from a newer version of huanzheng; upgrade this program before restoring it";
    RestoreBrokenChain { path: String, event: String } => "{path} 的审计链在记录 {event} 处断开，可能被人改动过，不予恢复",
        "the audit chain of {path} breaks at event {event}; it may have been tampered with and is not restored";
    Restored { events: i64, kept: String } => "已恢复：{events}条记录核对无误。恢复前的数据库另存在 {kept}",
        "restored: {events} events verified; the database as it was before is kept at {kept}";
    // ── 审计日志 (audit screen) ──
    AuditTitle => "审计日志", "Audit log";
    AuditHead { total: usize, shown: usize } => "审计日志：共 {total} 条记录，显示最新 {shown} 条",
        "audit log: {total} events, the newest {shown} shown";
    AuditAll => "全部", "all";
    AuditFilters { operator: String, township: String, kind: String } =>
        "操作员：{operator}   乡镇：{township}   动作：{kind}",
        "operator: {operator}   township: {township}   action: {kind}";
    AuditNone => "没有符合条件的记录", "no events match";
    AuditColTime => "时间", "time";
    AuditColOperator => "操作员", "operator";
    AuditColAction => "动作", "action";
    AuditColWho => "对象", "whom";
    AuditColTownship => "乡镇", "township";
    AuditColDetail => "说明", "detail";
    AuditChecking => "正在核对审计链……", "checking the audit chain…";
    AuditKeys => "o 操作员  t 乡镇  k 动作（大写反向）  0 清除  v 核对审计链  ↑↓  Esc 返回",
        "o operator  t township  k action (capital: back)  0 clear  v verify  Esc back";
    OverviewKeys => "r 刷新  a 审计日志（县残联领导）", "r refresh  a audit log (county leader)";

    // ── encryption at rest ──
    DbEncrypted { path: String } => "{path} 已加密，需要数据库密码：在提示时输入，或用环境变量 HUANZHENG_DB_KEY 提供",
        "{path} is encrypted and needs its passphrase: type it when asked, or give it in HUANZHENG_DB_KEY";
    DbKeyWrong => "数据库密码不对，数据库没有打开。请核对大小写后重试",
        "wrong database passphrase; the database was not opened. Check upper and lower case and try again";
    DbKeyPrompt { path: String } => "数据库 {path} 已加密。数据库密码：", "database {path} is encrypted. Passphrase: ";
    DbKeyTooShort { min: usize } => "数据库密码至少要{min}个字符", "a database passphrase needs at least {min} characters";
    DbNewKeyPrompt => "新的数据库密码（至少8个字符，请另行妥善保管，忘记后无法找回）：",
        "new database passphrase (at least 8 characters; keep it safe — a forgotten one cannot be recovered): ";
    DbNewKeyRepeat => "再输入一次：", "again: ";
    DbKeysDiffer => "两次输入的数据库密码不一样，什么也没有改", "the two passphrases differ; nothing was changed";
    DbNewKeyNeeded => "需要新的数据库密码：在终端里运行，或用环境变量 HUANZHENG_NEW_DB_KEY 提供",
        "a new database passphrase is needed: run this in a terminal, or give it in HUANZHENG_NEW_DB_KEY";
    DbAlreadyEncrypted { path: String } => "{path} 已经加密了", "{path} is already encrypted";
    DbEncryptMismatch { plain: i64, encrypted: i64 } => "加密后的副本与原数据库不一致（原{plain}条记录，副本{encrypted}条），原数据库没有改动",
        "the encrypted copy differs from the database ({plain} events, copy {encrypted}); the database was not changed";
    DbEncryptedDone { path: String, events: i64, removed: usize, backup: String } =>
        "{path} 已加密：{events}条记录核对无误。删除了{removed}份未加密的备份，新的加密备份在 {backup}。以后打开需要数据库密码",
        "{path} is encrypted: {events} events verified. {removed} unencrypted backups were removed; a new encrypted backup is at {backup}. From now on it opens only with the passphrase";
    DbCreatedEncrypted { path: String } => "已新建加密数据库 {path}", "created the encrypted database {path}";
    RestoreCipherMismatch { path: String } => "{path} 与当前数据库的加密状态不同（一个加密、一个未加密），不能直接恢复",
        "{path} and the current database differ in encryption (one is encrypted, the other is not); it cannot be restored over it";
    FileMissing { path: String } => "找不到文件 {path}，请检查路径", "file {path} not found; check the path";
    UnknownState { value: String, known: String } => "没有“{value}”这个状态，可用：{known}", "no state '{value}'; known states: {known}";
    StatsHeadline { holders: u64, cases: u64, medical: u64, visual: u64, new: u64 } =>
        "持证残疾人 {holders} 人（非目测 {medical}，目测 {visual}），新申请 {new} 人，共 {cases} 件",
        "{holders} certificate holders ({medical} medical, {visual} visual), {new} new applicants, {cases} cases";
    StatsByState => "按状态：", "by state:";
    StatsByTownship => "按乡镇（已发证 / 持证人数）：", "by township (issued / holders):";
    PersonState { state: CaseState } => "当前状态：{state}", "state: {state}";
    RosterSummary { rows: usize, imported: usize, updated: usize, unchanged: usize, rejected: usize, duplicates: usize } =>
        "共读取 {rows} 行：新导入 {imported}，更新 {updated}，无变化 {unchanged}，退回 {rejected}，重复行 {duplicates}",
        "{rows} rows read: {imported} imported, {updated} updated, {unchanged} unchanged, {rejected} rejected, {duplicates} repeated";
    CardsSummary { rows: usize, imported: usize, unchanged: usize, rejected: usize, received: usize } =>
        "共读取 {rows} 行：新登记卡 {imported}，已登记过 {unchanged}，退回 {rejected}；其中 {received} 张是等待中的重新制卡",
        "{rows} rows read: {imported} cards registered, {unchanged} already known, {rejected} rejected; {received} were awaited remakes";
    DryRunNothingWritten => "试运行：数据库没有任何改动", "dry run: the database was not changed";
    AtomicNothingWritten => "有退回的行，按 --atomic 要求一行也没有导入", "rows were rejected, so with --atomic nothing was imported";
    AtomicFailed { rejected: usize } => "导入未执行：{rejected} 行有误。请按错误清单改正后重新导入",
        "import not done: {rejected} rows have errors; fix them using the rejects file and import again";
    RejectsWritten { path: String } => "错误清单（行号、列、原因）：{path}", "rejects (row, column, reason): {path}";
    DemoDbExists { path: String } => "{path} 已存在。演示县只写入新数据库，请换一个文件名", "{path} already exists; the demo county is only written to a new database";
    DemoWritten { path: String, holders: usize, cards: usize, villages: usize } =>
        "演示县已写入 {path}：{holders} 人，{cards} 张卡，{villages} 个虚构村社区（数据均为虚构）",
        "demo county written to {path}: {holders} people, {cards} cards, {villages} invented villages (all data synthetic)";
    DemoBanner => "【演示县】以下数据均为虚构，临时数据库退出后删除", "[demo county] all data below is synthetic; the temporary database is deleted on exit";
    OverviewTargets { medical: u64, medical_deadline: NaiveDate, visual: u64, reassessment_start: NaiveDate, visual_deadline: NaiveDate } =>
        "目标：非目测 {medical} 人于 {medical_deadline} 前换证；目测 {visual} 人自 {reassessment_start} 起重新评定，{visual_deadline} 前完成",
        "targets: {medical} medical holders exchanged by {medical_deadline}; {visual} visual holders re-assessed from {reassessment_start}, done by {visual_deadline}";
    HomeVisitDiscrepancy { start: NaiveDate, end: NaiveDate, planned: u64, actual: u64 } =>
        "注意：方案写上门服务 {start} 至 {end} 共 {planned} 个工作日，按节假日安排实为 {actual} 个工作日",
        "note: the plan gives home visits {start} to {end} as {planned} working days; the holiday calendar has {actual}";
    DemoRejected { count: usize } => "演示数据有 {count} 行未通过校验（程序错误，请报告）", "{count} demo rows failed validation (a bug; please report it)";

    // ── calendar ──
    CalDayFieldCount { found: usize } => "应有 3 列（date,kind,name），实有 {found} 列", "expected 3 columns (date,kind,name), found {found}";
    CalDayBadDate { value: String } => "日期“{value}”无效，应为 YYYY-MM-DD", "invalid date \"{value}\", expected YYYY-MM-DD";
    CalDayBadKind { value: String } => "类型“{value}”无效，应为 holiday（放假）或 workday（调休上班）",
        "invalid kind \"{value}\", expected holiday or workday";
    CalDayDuplicate { date: String } => "{date} 重复出现", "{date} appears twice";
    CalDayYearNotListed { date: String } => "{date} 所在年份不在本日历覆盖的年份中", "{date} is in a year this calendar does not cover";
    CalNotCovered { year: i32 } => "{year} 年的节假日安排未载入，无法计算工作日",
        "the holiday schedule for {year} is not loaded; cannot count working days";
    CalBadLine { line: usize, fault: crate::domain::calendar::DayFault } => "节假日文件第 {line} 行：{fault}", "holiday file line {line}: {fault}";
    CalBadEntry { index: usize, fault: crate::domain::calendar::DayFault } => "节假日第 {index} 条：{fault}", "holiday entry {index}: {fault}";
    CalNoYears => "日历未指明覆盖哪些年份", "the calendar does not say which years it covers";
    CalZeroCount => "工作日数必须至少为 1", "the number of working days must be at least 1";

    // ── campaign file ──
    CampaignToml { detail: String } => "活动配置文件无法解析：{detail}", "the campaign file cannot be read: {detail}";
    CampaignEmpty { field: String } => "{field} 不能为空", "{field} must not be empty";
    CampaignNotPositive { field: String } => "{field} 必须大于 0", "{field} must be greater than 0";
    CampaignBadClock { field: String, value: String } => "{field} 的时间“{value}”无效，应写成 08:30 这样，且收车晚于出车", "{field}: the time '{value}' is not valid; write it like 08:30, the end after the start";
    CampaignTargetsDontAdd { holders: u32, medical: u32, visual: u32 } => "targets：非目测 {medical} 人 + 目测 {visual} 人 ≠ 持证 {holders} 人",
        "targets: medical {medical} + visual {visual} ≠ holders {holders}";
    CampaignBadCountyCode { code: String } => "county.code：县级区划代码“{code}”应为 6 位数字",
        "county.code: county division code \"{code}\" must be 6 digits";
    CampaignBadTownshipCode { field: String, code: String } => "{field}：乡镇区划代码“{code}”应为 12 位数字",
        "{field}: township division code \"{code}\" must be 12 digits";
    CampaignOutsideCounty { field: String, code: String, county: String } => "{field}：乡镇区划代码“{code}”不属于本县（{county}）",
        "{field}: township code \"{code}\" is not in this county ({county})";
    CampaignDuplicate { field: String, value: String } => "{field}：“{value}”重复", "{field}: \"{value}\" appears twice";
    CampaignUnknownSite { field: String, township: String, site: String } => "{field}：乡镇“{township}”的评定点“{site}”不存在",
        "{field}: township \"{township}\" names site \"{site}\", which does not exist";
    CampaignSiteMismatch { field: String, site: String, township: String } => "{field}：评定点“{site}”与乡镇“{township}”的对应关系不一致",
        "{field}: site \"{site}\" and township \"{township}\" do not name each other";
    CampaignBadSiteId { field: String, id: String } => "{field}：评定点编号“{id}”只能用小写英文字母、数字和连字符",
        "{field}: site id \"{id}\" may use only lower-case letters, digits and hyphens";
    CampaignDatesOutOfOrder { earlier: String, earlier_date: String, later: String, later_date: String } =>
        "{earlier}（{earlier_date}）不能晚于 {later}（{later_date}）",
        "{earlier} ({earlier_date}) must not be after {later} ({later_date})";
    CampaignBadCategory { field: String, category: u8 } => "{field}：残疾类别“{category}”无效，应为 1–7",
        "{field}: disability category \"{category}\" is invalid, expected 1–7";
    CampaignCategoryUncovered { category: u8 } => "institutions：没有评定机构负责残疾类别 {category}",
        "institutions: no institution assesses disability category {category}";
    CampaignUnknownCalendar { source_name: String } => "calendar.source：没有名为“{source_name}”的内置节假日安排",
        "calendar.source: there is no built-in holiday schedule named \"{source_name}\"";
    CampaignCalendar { field: String, source: CalendarError } => "{field}：{source}", "{field}: {source}";

    // ── reading tables ──
    TableRead { name: String, detail: String } => "无法读取文件 {name}：{detail}。请确认文件存在，且没有被 Excel 等程序占用。",
        "Cannot read the file {name}: {detail}. Check that it exists and is not open in Excel.";
    TableEncodingAtLine { name: String, line: usize } =>
        "文件 {name} 第 {line} 行的文字编码与前面的行不一致（不是 UTF-8），无法读取。请用 Excel 打开后另存为 .xlsx 或“CSV UTF-8”再导入。",
        "Line {line} of {name} is not UTF-8 text like the lines before it. Open the file in Excel and save it as .xlsx or \"CSV UTF-8\", then import again.";
    TableEncoding { name: String } =>
        "无法识别文件 {name} 的文字编码（不是 UTF-8，也不是 GBK/GB18030）。请用 Excel 打开后另存为 .xlsx 或“CSV UTF-8”再导入。",
        "The text encoding of {name} is not recognised (neither UTF-8 nor GBK/GB18030). Open it in Excel and save it as .xlsx or \"CSV UTF-8\", then import again.";
    TableLegacyXls { name: String } =>
        "{name} 是旧版 Excel 97-2003（.xls）文件或设有打开密码的文件，无法直接读取。请用 Excel 打开（如有密码先取消），另存为 .xlsx 再导入。",
        "{name} is an old Excel 97-2003 (.xls) file or a password-protected one. Open it in Excel (removing any password) and save it as .xlsx, then import again.";
    TableXlsx { name: String, detail: String } =>
        "无法打开 Excel 文件 {name}，文件可能已损坏或不是 .xlsx 格式（{detail}）。请用 Excel 打开检查后重新保存。",
        "Cannot open the Excel file {name}; it may be damaged or not an .xlsx file ({detail}). Open it in Excel, check it and save it again.";
    TableNoHeader { missing: Vec<crate::import::table::ColumnSpec> } =>
        "找不到表头：缺少列 {missing}。请确认表格第一行或标题下一行是列名。",
        "No header row found: missing column(s) {missing}. The first row, or the row under the title, must hold the column names.";
    TableDuplicateColumn { column: crate::import::table::ColumnSpec, first: String, second: String } =>
        "列“{first}”和列“{second}”都是“{column}”，只能有一列。请删除或改名其中一列后再导入。",
        "The columns \"{first}\" and \"{second}\" both hold {column}; there may be only one. Delete or rename one of them, then import again.";

    // ── interface chrome ──
    TabOverview => "总览", "Overview";
    TabHolders => "台账", "Holders";
    KeyGoTab { n: usize } => "切换到第{n}个页面", "go to screen {n}";
    KeyNextTab => "下一个 / 上一个页面", "next / previous screen";
    KeyHelp => "按键帮助", "key help";
    KeyQuit => "退出（不在输入框时）", "quit (outside a text field)";
    HelpTitle => "按键（任意键关闭）", "keys (any key closes)";
    HelpHint => "F1 帮助", "F1 help";
    StatusLine { operator: String, site: String, day: String, reader: Box<Text>, database: String } =>
        "操作员 {operator} │ {site} {day} │ {reader} │ 已保存 │ {database}",
        "operator {operator} │ {site} {day} │ {reader} │ saved │ {database}";
    TodayAt { line: String } => "今日现场：{line}", "today on site: {line}";
    DemoTag => "演示", "demo";
    Loading => "正在读取……", "loading…";

    // ── overview ──
    GaugeIssued { done: u64, target: u64, deadline: NaiveDate } => "已发证 {done} / {target}（{deadline} 前全部完成）",
        "cards handed over {done} / {target} (all by {deadline})";
    GaugeReassessed { done: u64, target: u64, deadline: NaiveDate } => "目测重新评定 {done} / {target}（计划 {deadline} 前评完）",
        "visual holders re-assessed {done} / {target} (planned by {deadline})";
    ByTownship => "按乡镇", "by township";
    ByCategory => "按残疾类别", "by category";
    ColTownship => "乡镇（街道）", "township";
    ColHolders => "人数", "people";
    ColIssued => "已发证", "issued";
    ColCategory => "类别", "category";

    // ── holders ──
    SearchTitle => "查找（姓名/拼音/身份证尾号/证号）", "find (name/pinyin/ID tail/cert no.)";
    SearchHint => "输入即查找；↑↓ 选择，Esc 清空", "type to search; ↑↓ select, Esc clears";
    SearchCount { total: usize, shown: usize } => "找到 {total} 人（显示 {shown}）", "{total} found ({shown} shown)";
    PersonTitle => "持证人", "holder";
    NoCertificate => "尚无残疾人证（新申请）", "no certificate yet (new applicant)";
    GuardianLine { name: String } => "监护人：{name}", "guardian: {name}";
    Timeline => "办理记录（新的在上）", "history (newest first)";

    // ── assessment queue ──
    TabQueue => "评定队列", "Queue";
    QueueHead { site: String, date: NaiveDate, expected: usize, waiting: usize, done: usize } =>
        "{site} {date}  待签到 {expected}  候诊 {waiting}  已办 {done}",
        "{site} {date}  expected {expected}  waiting {waiting}  done {done}";
    QueueKeys => "/签到  1-7叫号  Enter录结果  a缺席  c更正  E收工  s换地点  [ ]换日  p计划  d名单",
        "/ check in  1-7 call  Enter result  a absent  c correct  E end of day  s site  [ ] day  p plan  d sheet";
    QueueNobodyWaiting { category: Category } => "没有{category}类的人在候诊", "nobody is waiting for a {category} doctor";
    QueueRecorded { name: String, state: CaseState } => "已保存：{name} → {state}", "saved: {name} → {state}";
    QueueDayClosed { absent: usize } => "已收工：{absent} 人未到，已转为待重新排期", "day closed: {absent} absent, now needing rescheduling";
    Minutes { n: i64 } => "{n} 分钟", "{n} min";
    Am => "上午", "AM";
    Pm => "下午", "PM";
    WalkInTag => "临时到场", "walk-in";
    ColHalfDay => "时段", "half";
    ColName => "姓名", "name";
    ColState => "状态", "state";
    ColWaited => "已等", "waited";
    CheckInTitle => "签到：输入姓名、拼音或身份证尾号，Enter 确认，Esc 取消", "check in: name, pinyin or ID tail; Enter confirms, Esc cancels";
    FormTitle { name: String } => "评定结果：{name}", "assessment result: {name}";
    FormCorrectTitle { name: String } => "更正评定结果：{name}", "correct the result: {name}";
    FieldCategory => "类别(1-7)", "category (1-7)";
    FieldGrade => "等级(1-4)", "grade (1-4)";
    FieldInstitution => "评定机构", "institution";
    FieldDoctor => "医生", "doctor";
    FieldNotDisabled => "不符合残疾标准", "not disabled";
    FieldReason => "更正原因", "reason";
    FormKeys => "Tab/↑↓ 换栏  ←→ 选择  Enter 保存  Esc 取消", "Tab/↑↓ field  ←→ choose  Enter save  Esc cancel";
    FormNeedsCategoryGrade => "请填写类别和等级（或选择不符合残疾标准）", "enter category and grade (or mark not disabled)";
    FormNeedsDoctor => "请填写评定医生姓名", "enter the doctor's name";
    FormNeedsReason => "更正必须写明原因", "a correction needs a reason";
    ConfirmWalkIn { name: String } => "{name} 不在今天本点的名单上。按临时到场签到？", "{name} is not expected here today. Check in as a walk-in?";
    ConfirmAbsent { name: String } => "确认 {name} 缺席？", "mark {name} absent?";
    ConfirmEndOfDay { expected: usize } => "收工：还有 {expected} 人未到，全部记为缺席、待重新排期？", "end of day: mark the {expected} people still expected absent, to be rescheduled?";
    ConfirmQuitUnsaved => "表单还有未保存的内容，确定退出？", "a form holds unsaved input; quit anyway?";
    YesNoKeys => "y 确认   其他键 取消", "y yes   any other key: no";

    // ── schedule ──
    ScheduleSummary { subjects: usize, placed: usize, days: usize, first: NaiveDate, last: NaiveDate, capacity: usize } =>
        "需排期 {subjects} 人，已排 {placed} 人，用 {days} 个工作日（{first} 至 {last}，每点每半天 {capacity} 人）：",
        "{subjects} to schedule, {placed} placed over {days} working days ({first} to {last}, {capacity} per site per half-day):";
    ScheduleShortfall { unplaced: usize } => "尚有 {unplaced} 人排不进评定期，没有超额安排", "{unplaced} people do not fit in the window; nobody was overbooked";
    ScheduleFixCapacity { capacity: usize } => "  办法一：每点每半天容量增至 {capacity} 人", "  either: raise the capacity to {capacity} per site per half-day";
    ScheduleFixDays { days: usize, until: NaiveDate } => "  办法二：增加 {days} 个工作日（至 {until}）", "  or: add {days} working days (until {until})";
    ScheduleApplied { n: usize } => "已记录 {n} 人的评定日程", "recorded the schedule of {n} people";
    ScheduleShifted { date: NaiveDate, moved: usize } => "{date} 另行通知：{moved} 人需改期，请逐一告知：", "{date} postponed: {moved} people move; tell each of them:";
    ToBeNotified => "另行通知（评定期内已无空位）", "to be notified (no room left in the window)";

    // ── exports ──
    ColIdNumber => "身份证号", "ID number";
    ColVillage => "村社区", "village";
    ColPhone => "联系电话", "phone";
    DaySheetTitle { site: String, date: NaiveDate, n: usize } => "{site} {date} 评定名单（共 {n} 人）", "{site} {date}: expected for assessment ({n})";
    UnknownSite { value: String, known: String } => "没有“{value}”这个评定地点，可用：{known}", "no assessment site '{value}'; sites: {known}";
    CannotWrite { path: String, detail: String } => "无法写入 {path}：{detail}。请检查目录是否存在、是否有写权限", "cannot write {path}: {detail}; check the folder exists and is writable";
    Written { path: String, n: usize } => "已写出 {path}（{n} 人）", "wrote {path} ({n} people)";
    ScheduleBadWindow { from: NaiveDate, to: NaiveDate } => "结束日期 {to} 早于开始日期 {from}", "the last day {to} is before the first day {from}";
    ShiftReason { date: NaiveDate } => "{date} 评定另行通知", "assessment on {date} postponed";

    // ── holder details ──
    PhoneInvalid { value: String } => "电话“{value}”不对：应为7至15位数字（可含-或+），不知道可留空", "phone '{value}' is not valid: 7 to 15 digits (- or + allowed), or leave it empty";
    ContactTitle { name: String } => "修改联系方式：{name}", "edit contact: {name}";
    FieldPhone => "联系电话", "phone";
    FieldGuardian => "监护人", "guardian";
    FieldGuardianPhone => "监护人电话", "guardian's phone";
    FieldAddress => "住址", "address";
    ContactKeys => "Tab/↑↓ 换栏  Enter 保存  Esc 取消", "Tab/↑↓ field  Enter save  Esc cancel";
    HoldersKeys => "^E联系 ^N送达 ^R回执 ^P打印", "^E edit ^N notice ^R receipt ^P print";
    NoticeRecordedFor { name: String } => "已记录：今天向 {name} 送达告知书", "recorded: notice delivered to {name} today";
    ReceiptRecordedFor { name: String } => "已记录：{name} 的回执今天收回，已告知", "recorded: {name}'s receipt returned today; notified";
    ContactSaved { name: String } => "已保存：{name} 的联系方式", "saved: {name}'s contact details";

    // ── 评定计划 (the plan screen) ──
    ScheduleKeptBooked { booked: usize } => "已排期的 {booked} 人保持原定日期，只为未排期的人安排", "the {booked} people already booked keep their day; only the others are placed";
    PlanTitle => "评定计划", "assessment plan";
    PlanHead { first: NaiveDate, last: NaiveDate, capacity: usize, vehicles: usize } =>
        "评定期 {first} 至 {last} · 每点每半天 {capacity} 人 · {vehicles} 台车",
        "{first} to {last} · {capacity}/site/half-day · {vehicles} cars";
    PlanCounts { booked: usize, subjects: usize, placed: usize } =>
        "已排期 {booked} 人 · 待排期 {subjects} 人 · 本次可排 {placed} 人",
        "{booked} booked · {subjects} to schedule · {placed} can be placed now";
    PlanKeys => "↑↓ 选日  e 改参数  Enter 记录排期  x 该日另行通知  r 默认参数  Esc 返回",
        "↑↓ day  e parameters  Enter record plan  x postpone day  r defaults  Esc back";
    PlanColDate => "日期", "date";
    PlanColVehicle => "车", "car";
    PlanColSite => "评定点", "site";
    PlanColAm => "上午", "am";
    PlanColPm => "下午", "pm";
    PlanColNew => "新排", "new";
    PlanFixCapacity { capacity: usize } => "办法一：每点每半天增至 {capacity} 人", "either: {capacity} per site per half-day";
    PlanFixDays { days: usize, until: NaiveDate } => "办法二：增加 {days} 个工作日（至 {until}）", "or: {days} more working days (until {until})";
    PlanEditTitle => "修改排期参数", "planning parameters";
    FieldCapacity => "每点每半天人数", "per site per half-day";
    FieldFirstDay => "开始日期", "first day";
    FieldLastDay => "结束日期", "last day";
    PlanEditKeys => "Tab/↑↓ 换栏  Enter 重新计算  Esc 取消", "Tab/↑↓ field  Enter recompute  Esc cancel";
    BadCapacity { value: String } => "人数“{value}”不对：应为 1 至 999 的整数", "capacity '{value}' is not valid: a whole number from 1 to 999";
    BadDay { value: String } => "日期“{value}”不对：可写 2022-03-28、3-28 或 3月28日", "date '{value}' is not valid: write 2022-03-28, 3-28 or 3月28日";
    ConfirmPlan { n: usize } => "为 {n} 人记录评定日程？记录后应逐一通知本人。", "record the assessment day of {n} people? Each must then be told.";
    PlanNothingNew => "没有可新排的人", "nobody to place";
    ShiftTitle { date: NaiveDate, n: usize } => "{date} 另行通知：{n} 人改期", "{date} postponed: {n} people move";
    ShiftKeys => "Enter/y 记录改期  Esc 取消", "Enter/y record  Esc cancel";
    ShiftedTitle { date: NaiveDate, n: usize } => "{date} 已改期：请逐一告知以下 {n} 人", "{date} postponed: tell these {n} people";
    ShiftedKeys => "↑↓ 翻看  c 显示这个人的电话（记录在案）  Esc 关闭",
        "↑↓ scroll  c show this person's number (recorded)  Esc close";
    ShiftNobody { date: NaiveDate } => "{date} 没有已排期的人", "nobody is booked on {date}";
    ColFrom => "原定", "was";
    ColTo => "改为", "now";
    Computing => "正在计算……", "computing…";
    ShiftSummary { later: usize, none: usize } => "{later} 人顺延到后面的日期；{none} 人评定期内已无空位，改为另行通知", "{later} move to later days; {none} find no room in the window and are to be notified";
    NotifyLater => "另行通知", "to be notified";
    PlanBlocked { days: String } => " · 停排 {days}", " · closed {days}";

    // ── 发证 (handover) ──
    HandoverNotReady { state: CaseState } => "当前状态为“{state}”，还不能发证", "the case is '{state}': no card can be handed over yet";
    HandoverUnknownCard { card: String } => "卡号 {card} 不在已导入的制卡批次中，请核对或先导入卡批次", "card {card} is in no imported card batch; check it or import the batch first";
    HandoverOtherHolder { card: String, owner: String, owner_id: String } => "人证不符！卡 {card} 是 {owner}（{owner_id}）的卡，不是此人的", "WRONG PERSON! card {card} belongs to {owner} ({owner_id}), not to this person";
    HandoverCardVoided { card: String } => "卡 {card} 已作废，请等待重新制作的卡", "card {card} was voided; wait for the remade card";
    HandoverCardIssued { card: String } => "卡 {card} 已经发放过", "card {card} was handed over already";
    HandoverWrongClassification { card_category: Category, card_grade: Grade, category: Category, grade: Grade } =>
        "卡上为{card_category}{card_grade}，评定结果为{category}{grade}：此卡应作废并重新制卡",
        "the card says {card_category} {card_grade}, the assessment {category} {grade}: void this card and request a remake";
    GuardianNameMissing => "请填写领取人（监护人）姓名", "enter the guardian's name";
    GuardianRelationMissing => "请填写领取人与本人的关系", "enter the guardian's relation to the holder";
    GuardianIdInvalid { detail: String } => "领取人身份证号不对：{detail}", "guardian's ID number: {detail}";
    NoOldCertificate => "此人没有二代证（新申请），无需收回", "this person holds no old certificate (new applicant)";
    OldCertMissing => "请输入收回的二代证证号", "enter the number of the old certificate handed in";
    OldCertMismatch { typed: String, expected: String } => "收回的证号 {typed} 与台账 {expected} 不符", "the certificate handed in, {typed}, is not the holder's {expected}";
    StatementLossMissing => "请选择：遗失、损毁或其他", "choose: lost, damaged or other";
    StatementAccountMissing => "请写明经过（至少4个字）", "say what happened (at least 4 characters)";
    StatementSignerMissing => "请填写签字人", "enter who signs";
    StatementNotOnFile => "找不到这份情况说明，请先填写情况说明", "no such statement on file; take the statement first";
    UnsupportedExport { ext: String, allowed: String } => "不支持导出为“.{ext}”文件，可用：{allowed}", "cannot export to a '.{ext}' file; use {allowed}";
    OldCertificateRequired => "此人有二代证：须收回旧证，或先填写情况说明（遗失/损毁）", "this person holds an old certificate: take it back, or take a statement (lost/damaged) first";

    // ── the card reader on the status line ──
    StatusReaderOff => "读卡器未接入", "no reader";
    StatusReaderNoService => "读卡服务未运行", "smart-card service not running";
    StatusReaderNone => "未插读卡器", "no reader plugged in";
    StatusReaderReady => "读卡器就绪", "reader ready";
    StatusReaderReading => "正在读卡……", "reading card…";
    StatusReaderCard { card: String } => "卡 {card}", "card {card}";

    // ── 发证 screen ──
    TabHandover => "发证", "Handover";
    HandoverTitle => "发证", "card handover";
    HandoverIdle => "把卡放在读卡器上，或按 / 查找持证人（姓名、拼音首字母、身份证后几位、证号）。", "put the card on the reader, or press / to find the holder (name, pinyin initials, last ID digits, certificate number).";
    HandoverIdleKeys => "/ 查找持证人", "/ find holder";
    HandoverIdleKeysDemo => "/ 查找持证人  （演示：先查找，再按 Ctrl-R 放卡）", "/ find holder  (demo: find, then Ctrl-R puts the card)";
    HandoverKeys => "Enter发证 g监护人 h本人 空格核对旧证 o收回/说明 s情况说明 v作废重制 u撤销",
        "Enter give  g guardian  h holder  Space checked  o old  s statement  v void  u undo";
    HandoverKeysDemo => "Enter发证 g监护人 空格核对 o收回/说明 s情况说明 v作废 u撤销 ^R放卡 ^T取卡",
        "Enter give  g guardian  Space checked  o old  s statement  v void  ^R/^T card";
    Female => "女", "female";
    Male => "男", "male";
    HandoverCert => "残疾人证", "certificate";
    HandoverCase => "案件状态：", "case:";
    HandoverNoCardInBatch => "（制卡批次中没有此人的卡）", "(no card for this person in any batch)";
    HandoverCardOk { card: String } => "卡 {card}：本人的卡，类别等级相符", "card {card}: this person's, category and grade match";
    HandoverCardWaiting { card: String } => "请把卡放在读卡器上（应为 {card}）", "put the card on the reader (expected: {card})";
    RecipientHolder => "领取人：本人", "recipient: the holder";
    RecipientGuardian { name: String, relation: String, id: String } => "领取人：{name}（{relation}，{id}）", "recipient: {name} ({relation}, {id})";
    OldRecoveredUnchecked { cert: String } => "收回二代证 {cert}：请与纸质证核对证号后按空格", "old certificate {cert}: compare with the paper, then Space";
    OldRecoveredChecked { cert: String } => "收回二代证 {cert}：证号已核对", "old certificate {cert} handed in: number checked";
    OldStatement { loss: Loss, signer: String, on: String } => "二代证{loss}：已有情况说明（{signer}，{on}）", "old certificate {loss}: statement on file ({signer}, {on})";
    OldStatementNeeded => "二代证遗失或损毁：请先按 s 填写情况说明", "old certificate lost or damaged: press s to take the statement first";
    HandoverPickSomeone => "请先查找持证人或放卡", "find the holder or put the card on the reader first";
    HandoverPutCard => "请把此人的卡放在读卡器上", "put this person's card on the reader";
    HandoverCheckOld => "请先核对收回的二代证证号（空格），或按 o 改为情况说明", "check the old certificate's number first (Space), or press o for a statement";
    HandoverCardTaken => "卡已从读卡器上拿走，未发证。请把卡放回读卡器后再确认。", "the card was taken off the reader: nothing recorded. Put it back and confirm again.";
    HandoverCardRemoved => "卡已拿走", "card taken off the reader";
    HandoverDone { name: String, card: String } => "已发证：{name}（卡 {card}），已记入发放登记表。请领取人在登记表上签字。", "handed over: {name} (card {card}), entered in the register. The recipient signs the register.";
    StatementRecorded => "情况说明已保存，请签字人签字", "statement saved; have it signed";
    RemakeRecorded => "已作废并申请重新制卡，已列入重新制卡名单", "card voided and remake requested; on the remake list";
    HandoverUndone => "已撤销发证（已记录原因），可重新发证", "handover undone (reason recorded); the card can be handed over again";
    HandoverSearchTitle => "查找持证人", "find holder";
    GuardianTitle => "监护人领取", "guardian takes the card";
    FieldGuardianName => "领取人姓名", "name";
    FieldRelation => "与本人关系", "relation";
    FieldGuardianId => "领取人身份证号", "ID number";
    StatementTitle => "无法提交第二代残疾人证情况说明", "statement: old certificate cannot be handed in";
    LossChoose => "1 遗失  2 损毁  3 其他", "1 lost  2 damaged  3 other";
    FieldLoss => "情形", "what";
    FieldAccount => "经过", "what happened";
    FieldSigner => "签字人", "signed by";
    FieldCard => "卡号", "card";
    FieldVoidReason => "作废原因", "reason";
    VoidTitle => "作废此卡并申请重新制卡", "void this card and request a remake";
    VoidKeys => "F5 人证不符  F6 类别等级有误  F7 卡片损坏  F8 其他  Enter 确认  Esc 取消", "F5 wrong person  F6 wrong category/grade  F7 damaged  F8 other  Enter confirm  Esc cancel";
    UndoTitle => "撤销发证（须写明原因）", "undo handover (reason required)";
    ConfirmHandover { card: String, name: String, to: String } => "确认将 {name} 的卡 {card} 交给 {to}？", "hand {name}'s card {card} to {to}?";
    // ── card reader (PC/SC, card profile) ──
    ReaderNoService => "智能卡服务（PC/SC）没有运行，无法读卡。Linux 上请启动 pcscd（如 sudo systemctl start pcscd），Windows 上请启动“Smart Card”服务；服务启动后会自动连上",
        "the smart-card service (PC/SC) is not running, so no card can be read; on Linux start pcscd (e.g. sudo systemctl start pcscd), on Windows start the Smart Card service — it is picked up by itself once running";
    ReaderNone => "没有接入读卡器。请插好 USB 读卡器，插上后会自动识别", "no card reader is attached; plug in the USB reader — it is picked up by itself";
    ReaderNotFound { name: String, available: Vec<String> } => "找不到名为“{name}”的读卡器。现有读卡器：{available}",
        "no reader is named \"{name}\"; the readers are: {available}";
    ReaderNotFoundNoneAttached { name: String } => "找不到名为“{name}”的读卡器，现在没有接入任何读卡器",
        "no reader is named \"{name}\", and no reader is attached at all";
    ReaderBusy { reader: String } => "读卡器“{reader}”正被另一个程序独占，请关闭那个程序后重试",
        "the reader \"{reader}\" is held by another program; close that program and try again";
    CardRemovedEarly => "卡被取走了，没有读到卡号。请把卡放回读卡器", "the card was taken away before it was read; put it back on the reader";
    CardRemovedAt { step: crate::reader::StepRef } => "读卡途中卡被取走（{step}），没有读到卡号。请把卡放回读卡器，读完前不要移动",
        "the card was taken away during the read ({step}) and nothing was read; put it back and leave it until the read is done";
    CardUnresponsive => "卡片没有响应：可能放反、放偏，或不是智能卡。请取下后重新放好",
        "the card does not respond: it may be upside down, off-centre or not a smart card; take it off and put it back properly";
    CardStatusWord { step: crate::reader::StepRef, sw: String } => "读卡失败：{step}，卡片回答状态字 {sw}。这可能不是残疾人证卡，或卡片配置与这种卡不符",
        "reading failed at {step}: the card answered status word {sw}; it may not be a disability card, or the card profile does not fit this card";
    CardNoNumber { step: crate::reader::StepRef } => "卡里没有卡号（{step} 读出为空）：这张卡可能还没有个人化，请交回制卡中心",
        "the card holds no card number ({step} read nothing): it may not be personalised; return it to the card centre";
    CardNotAscii { step: crate::reader::StepRef, data: String } => "卡号不是可读的文字（{step} 读出 {data}），卡片配置可能与这种卡不符",
        "the card number is not readable text ({step} read {data}); the card profile may not fit this card";
    CardTransmit { step: crate::reader::StepRef, detail: String } => "与卡片通信失败（{step}）：{detail}。请取下卡重新放好",
        "talking to the card failed ({step}): {detail}; take the card off and put it back";
    ReaderPcsc { detail: String } => "读卡器出错：{detail}。请拔下读卡器重新插好后重试", "card reader error: {detail}; unplug the reader, plug it back in and try again";
    ReaderTimeout { seconds: u64 } => "等了 {seconds} 秒没有读到卡。请把卡放在读卡器上再试", "no card was read within {seconds} s; put a card on the reader and try again";
    ReaderStopped => "读卡已停止", "the card reader was stopped";
    ProfileRead { path: String, detail: String } => "无法读取卡片配置文件 {path}：{detail}", "cannot read the card profile {path}: {detail}";
    ProfileToml { detail: String } => "卡片配置文件格式不对：{detail}", "the card profile is not valid: {detail}";
    ProfileNoSteps => "卡片配置里没有任何步骤（[[steps]]）", "the card profile has no steps ([[steps]])";
    ProfileBadApdu { step: crate::reader::StepRef, value: String } => "卡片配置{step}的 APDU“{value}”不对：应为十六进制字节（可用空格分隔），至少 4 个字节（CLA INS P1 P2）",
        "the APDU \"{value}\" of {step} in the card profile is not valid: hex bytes (spaces allowed), at least 4 (CLA INS P1 P2)";
    ProfileBadStatusWord { step: crate::reader::StepRef, value: String } => "卡片配置{step}的状态字“{value}”不对：应为 4 位十六进制，如 9000",
        "the status word \"{value}\" of {step} in the card profile is not valid: 4 hex digits such as 9000";
    ProfileFieldCount { field: crate::reader::Field, count: usize } => "卡片配置里读出{field}的步骤有 {count} 个：卡号必须恰好一个，芯片序列号最多一个",
        "the card profile has {count} steps yielding the {field}: exactly one must yield the card number, at most one the UID";
    ProfileOptionalCardNumber { step: crate::reader::StepRef } => "卡片配置{step}读出卡号，不能设为可失败（optional）",
        "{step} of the card profile yields the card number and cannot be optional";
    EvReaderAttached { reader: String } => "读卡器已接入：{reader}", "reader attached: {reader}";
    EvReaderDetached { reader: String } => "读卡器已拔出：{reader}", "reader unplugged: {reader}";
    EvCardInserted => "检测到卡片，正在读卡……", "card detected, reading…";
    EvCardRead { card_number: String } => "已读卡：卡号 {card_number}", "card read: number {card_number}";
    EvCardRemoved => "卡已取走", "card taken away";
    ReaderWaiting { seconds: u64 } => "请把卡放在读卡器上（最多等 {seconds} 秒）……", "put a card on the reader (waiting up to {seconds} s)…";
    ReaderOutReader { reader: String } => "读卡器：{reader}", "reader: {reader}";
    ReaderOutAtr { atr: String } => "ATR：{atr}", "ATR: {atr}";
    ReaderOutUid { uid: String } => "芯片序列号：{uid}", "UID: {uid}";
    ReaderOutNoUid => "芯片序列号：（卡片或读卡器不提供）", "UID: (not given by the card or reader)";
    ReaderOutCardNumber { number: String } => "卡号：{number}", "card number: {number}";
    // ── printed documents (PDF) ──
    FontNotFound { tried: String } =>
        "找不到中文字体，无法生成 PDF。请安装 fonts-noto-cjk 或 fonts-wqy-microhei（Debian/Ubuntu：apt-get install fonts-noto-cjk），或用 --font 或环境变量 HUANZHENG_FONT 指定字体文件（.ttf、.otf、.ttc，字体集可加 #序号）。已查找：{tried}\nNo Chinese font found for the PDF: install fonts-noto-cjk or fonts-wqy-microhei, or name a font file with --font or HUANZHENG_FONT.",
        "No Chinese font found for the PDF: install fonts-noto-cjk or fonts-wqy-microhei (Debian/Ubuntu: apt-get install fonts-noto-cjk), or name a font file (.ttf, .otf, .ttc; #N picks a face of a collection) with --font or HUANZHENG_FONT. Looked in: {tried}";
    FontMissing { path: String } => "字体文件 {path} 不存在：请检查 --font 或 HUANZHENG_FONT 给的路径，或安装 fonts-noto-cjk",
        "font file {path} does not exist: check the path given by --font or HUANZHENG_FONT, or install fonts-noto-cjk";
    FontUnreadable { path: String, detail: String } => "无法读取字体 {path}（{detail}）：请换一个 .ttf、.otf 或 .ttc 中文字体，或安装 fonts-noto-cjk",
        "cannot read the font {path} ({detail}): use another .ttf, .otf or .ttc Chinese font, or install fonts-noto-cjk";
    FontNoChinese { path: String } => "字体 {path} 没有中文字形：请换一个中文字体，或安装 fonts-noto-cjk",
        "the font {path} has no Chinese characters: use a Chinese font, or install fonts-noto-cjk";
    PdfFailed { detail: String } => "生成 PDF 失败：{detail}", "could not make the PDF: {detail}";
    WrittenPdf { path: String, n: usize, pages: usize } => "已写出 {path}（{n} 人，{pages} 页）", "wrote {path} ({n} people, {pages} pages)";
    NoticesWritten { path: String, n: usize, pages: usize } => "已写出 {path}：告知书 {n} 份（{pages} 页），请发到本人或监护人手中并收回回执",
        "wrote {path}: {n} notices ({pages} pages); hand each to the holder or guardian and collect the receipt";
    NoNoticeSubjects { township: String } => "{township}没有需要重新评定的人，没有生成告知书", "nobody in {township} needs re-assessment; no notices written";
    // ── 公示名单, 复核申请 ──
    NoOneInPublicNotice { township: String } => "{township}没有公示中的人，没有生成公示名单", "nobody in {township} is in public notice; no list written";
    NoAssessmentToReview { name: String } => "{name} 还没有评定结果，不能申请复核", "{name} has no assessment yet, so there is nothing to review";
    // ── 公示, 复核, 异地评定 (command line) ──
    FindingNeeded => "请给出评定结论：--category 类别 --grade 等级，或 --not-disabled（非残疾）", "give the finding: --category and --grade, or --not-disabled";
    FeeInvalid { value: String } => "复核费用“{value}”不对：应为金额（元），如 120 或 85.50", "review fee '{value}' is not valid: an amount in yuan such as 120 or 85.50";
    ReceiptNoMissing => "请填写复核费用的收据号", "enter the receipt number of the review fee";
    ReasonMissing => "请写明原因", "give the reason";
    BatchStarted { n: usize, start: NaiveDate, end: NaiveDate } => "已张贴公示：{n} 人，公示期 {start} 至 {end}", "public notice posted: {n} people, from {start} to {end}";
    NoticeConfirmed { requested: usize, running: usize } => "公示期满无异议：{requested} 人转为待制卡；{running} 人仍在公示期内或尚未张贴", "notice ended without objection: {requested} cards requested; {running} still in notice or not yet posted";
    CaseNow { name: String, state: CaseState } => "{name}：现为“{state}”", "{name}: now {state}";
    NoticeListHead { township: String, n: usize } => "{township}：公示中 {n} 人", "{township}: {n} in public notice";
    // ── 告知书 / 回执 ──
    NoticeNeedsWho => "请给出身份证号或残疾人证号，或用 --township 指定乡镇", "give ID or certificate numbers, or a township with --township";
    NoticesDelivered { n: usize, date: NaiveDate } => "已记录 {date} 送达告知书 {n} 份", "recorded {n} notices delivered on {date}";
    ReceiptsReturned { n: usize, date: NaiveDate } => "已记录 {date} 收回回执 {n} 份，这些人已告知", "recorded {n} receipts returned on {date}; they are notified";
    ReceiptsPendingHead { township: String, total: usize, pending: usize } => "{township}：告知书 {total} 份，未收回回执 {pending} 人", "{township}: {total} notices, {pending} receipts not returned";
    NoticeDeliveredOn { on: NaiveDate } => "{on} 已送达", "delivered {on}";
    NoticeNotDelivered => "未送达", "not delivered";
    UnknownExportFormat { path: String, known: String } => "不支持的文件类型：{path}（可用 {known}）", "unsupported file type: {path} (use {known})";
    // ── home-visit routing (上门服务) ──
    RouteInstanceBad { path: String, detail: String } => "无法使用上门服务实例 {path}：{detail}", "cannot use the home-visit instance {path}: {detail}";
    RouteWriteFailed { path: String, detail: String } => "无法写出路线文件 {path}：{detail}", "cannot write the route file {path}: {detail}";
    RoutePlanned { path: String, served: usize, days: usize, km: String, seconds: String } =>
        "已写出 {path}：{days} 天上门 {served} 户，共 {km} 公里（用时 {seconds} 秒）",
        "wrote {path}: {served} home visits on {days} days, {km} km in all ({seconds} s)";
    RouteNoLocation { visit: String } => "{visit}：需要位置（请导入村庄坐标：import villages），未排入", "{visit}: needs a location (add coordinates or import the villages); not planned";
    RouteNoDoctorDay { visit: String } => "{visit}：没有哪一天有所需类别的医生，未排入", "{visit}: no day brings the doctor it needs; not planned";
    RouteWindowTooShort { visit: String } => "{visit}：家中有人的时段太短，单独一趟也赶不上，未排入", "{visit}: the time the family is home is too short even for a trip of its own; not planned";
    RouteNoRoom { visit: String } => "{visit}：各天已排满，需要增加上门天数，未排入", "{visit}: every day is full, more home-visit days are needed; not planned";
    RoutePlanFailed { detail: String } => "无法计划上门服务：{detail}", "cannot plan the home visits: {detail}";
    RouteCancelled => "已取消计划，什么都没有改", "planning cancelled; nothing was changed";
    RouteDropped => "上门服务重新计划：各天已排满", "home-visit re-plan: every day is full";
    VillageNoKey => "没有村名也没有村代码", "neither a village name nor a village code";
    VillageBadCoordinate => "坐标无效：请填十进制度数，纬度在 -90 至 90 之间，经度在 -180 至 180 之间（如 24.83、103.99）",
        "not a valid coordinate: use decimal degrees, latitude -90 to 90, longitude -180 to 180 (e.g. 24.83, 103.99)";
    VillageFarAway { km: String } => "这个位置离县残联约 {km} 公里，不在本县：请核对，经度和纬度是否填反了",
        "this place is about {km} km from the county office, outside the county: check it, are latitude and longitude swapped?";
    VillageUnknownCode => "没有这个村代码的村（社区），请核对代码", "no village or community has this code; check it";
    VillageUnknownTownship => "没有这个乡镇（街道）", "no such township";
    VillageUnknown => "台账中没有这个村（社区），请核对村名，或先导入花名册", "no holder lives in a village of this name; check the name or import the roster first";
    VillageAmbiguous { townships: String } => "{townships}都有叫这个名字的村（社区），请填写乡镇列",
        "villages of this name are in {townships}; fill in the township column";
    VillagesSummary { rows: usize, updated: usize, rejected: usize } => "村庄坐标：共 {rows} 行，已更新 {updated} 个村（社区），退回 {rejected} 行",
        "village coordinates: {rows} rows, {updated} villages updated, {rejected} rows rejected";
    RouteSheetEmpty { date: NaiveDate } => "{date} 没有安排上门服务，没有路线单", "no home visits on {date}; no route sheet";
    RouteSheetWritten { path: String, n: usize, pages: usize } => "已写出路线单 {path}（{n} 户，{pages} 页）", "wrote the route sheet {path} ({n} visits, {pages} pages)";
    TabVisits => "上门服务", "Visits";
    RoutesHead { total: usize, planned: usize, unplaced: usize, needs_location: usize, km: String } =>
        "{total} 户，已排 {planned} 户，未排 {unplaced} 户（需要位置 {needs_location}），共 {km} 公里",
        "{total} cases, {planned} planned, {unplaced} not ({needs_location} need a location), {km} km";
    RouteDayHead { day: String, n: usize, km: String, hours: String, doctors: String } =>
        "◀ {day} ▶  {n} 户  {km} 公里  {hours}  医生：{doctors}",
        "◀ {day} ▶  {n} visits  {km} km  {hours}  doctors: {doctors}";
    RouteAllCases => "全部上门服务对象", "every home-visit case";
    RoutesPlanned { planned: usize, total: usize, km: String } => "已计划并保存：{total} 户中排入 {planned} 户，共 {km} 公里",
        "planned and saved: {planned} of {total} cases, {km} km";
    RouteNewApplicant => "新申请", "new";
    RouteVisitedState => "已上门，待录结果", "visited, result to enter";
    RouteProblemNotPlanned => "未计划（按 p）", "not planned (press p)";
    RouteProblemNoLocation => "需要位置", "needs a location";
    RouteProblemNoDoctorDay => "没有所需医生的日子", "no day with its doctor";
    RouteProblemWindow => "在家时段太短", "home too briefly";
    RouteProblemNoRoom => "各天已排满", "every day is full";
    RouteKeysDay => "←→ 换日  p 计划  P 重新计划  m 改日  f 固定  w 时段  v 已上门/发证  n 不在家  Enter 录结果  r 路线单  a 全部",
        "←→ day  p plan  P afresh  m move  f pin  w hours  v visited/hand over  n not home  Enter result  r sheet  a all";
    RouteKeysCases => "↑↓ 选择  p 计划  m 改日  f 固定/取消  w 时段（上午/下午/全天）  a 返回路线", "↑↓ select  p plan  m move  f pin/unpin  w hours (am/pm/all day)  a back to the route";
    RoutePlanning => "正在计划上门路线（Esc 取消）", "planning the routes (Esc cancels)";
    RouteMoveTo { name: String, day: String } => "把 {name} 改到：◀ {day} ▶", "move {name} to: ◀ {day} ▶";
    RouteMoveKeys => "←→ 选日子  Enter 确定并重新计划  Esc 取消", "←→ day  Enter move and re-plan  Esc cancel";
    RouteConfirmNotHome { name: String } => "{name} 家中无人？将改到以后的日子重新计划", "{name} not at home? the visit is re-planned on a later day";
    RoutePinned => "已固定", "pinned";
    RouteColSeq => "序", "#";
    RouteColArrival => "到达", "arrive";
    RouteColDay => "日期", "day";
    RouteCutByClock => "注意：机器太慢，计划在安全时限处截止，重新计划可能略有不同", "note: the machine was too slow and the safety time cap ended the search; a re-plan may differ slightly";
    // 上门服务 (routing2)
    HomePlaceSet { name: String, lat: String, lon: String } => "已登记 {name} 家的位置：纬度 {lat}，经度 {lon}（上门服务按此位置计划）",
        "recorded {name}'s home at {lat}, {lon} (home visits are planned to it)";
    HomePlaceCleared { name: String } => "{name} 家的位置改回按所在村（社区）计算", "{name}'s home is at their village's point again";
    VisitHoursBad { value: String } => "“{value}”不是上门时段：请填 上午、下午、全天，或 09:00-11:30 这样的时段",
        "'{value}' is not a visit window: use am, pm, all, or hours such as 09:00-11:30";
    VisitHoursSet { name: String, hours: Box<Text> } => "已记录 {name} 家可上门的时段：{hours}", "recorded when {name}'s family is at home: {hours}";
    VisitHoursAll => "全天", "all day";
    VisitHoursAm => "上午", "morning";
    VisitHoursPm => "下午", "afternoon";
    VisitHoursBetween { hours: String } => "{hours}", "{hours}";
    RouteDelivery => "送证上门", "card delivery";
    RouteColHours => "时段", "hours";
    RouteDeliveryToHandover { name: String } => "送证上门：{name}。请读卡、核对后发证", "card delivery: {name}. Read the card, check it, then hand it over";
    MatrixSummary { rows: usize, legs: usize, rejected: usize } => "行程矩阵：共 {rows} 行，已保存 {legs} 段路程，退回 {rejected} 行",
        "travel matrix: {rows} rows, {legs} legs saved, {rejected} rows rejected";
    MatrixUnknownPlace => "不是县残联（depot），也不是已知的村（社区）：请填村代码、村名或“乡镇/村名”",
        "neither the depot nor a known village: use a village code, a village name or township/village";
    MatrixAmbiguous { townships: String } => "{townships}都有叫这个名字的村（社区），请写成“乡镇/村名”",
        "villages of this name are in {townships}; write it as township/village";
    MatrixBadNumber => "公里数或分钟数无效：请填不小于 0 的数字", "not a valid number of km or minutes: use a number of 0 or more";
    MatrixNothing => "行程矩阵文件没有可用的行，原有矩阵未改动", "the travel matrix file has no usable row; the matrix imported before is unchanged";
    RouteTravelMatrix => "路程按导入的行程矩阵计算", "travel from the imported travel matrix";
    RouteEstimated { places: String } => "注意：行程矩阵中没有以下地点，其路程按直线距离×绕行系数估算：{places}",
        "note: these places are not in the travel matrix; their legs are estimated from the straight line × winding factor: {places}";
    HelpVisitDay => "上门服务：换一天", "home visits: another day";
    HelpVisitPlan => "计划（保留各户日期）/ 从头重新计划", "plan (every visit keeps its day) / plan afresh";
    HelpVisitMove => "改到另一天并固定，其余重新计划 / 固定或取消固定", "move to another day and pin, the rest re-plans / pin or unpin";
    HelpVisitHours => "家中有人的时段：上午 → 下午 → 全天", "when the family is at home: morning → afternoon → all day";
    HelpVisitVisited => "已上门，录评定结果；送证上门则转到发证", "visited, then the result; a card delivery opens its handover";
    HelpVisitNotHome => "家中无人：改到以后的日子重新计划", "not at home: re-planned on a later day";
    HelpVisitSheet => "当天路线单 PDF，写入打印文件夹", "the day's route sheet (PDF) into the print folder";
    HelpVisitAll => "全部对象（及未排入的原因）/ 返回路线", "every case (and why one is on no day) / back to the route";
    RouteEstimatedShort { n: usize } => "{n} 户不在行程矩阵中，按直线估算", "{n} not in the travel matrix, estimated";

    // ── 情况说明 ──
    NoStatement { name: String } => "{name} 没有情况说明。请在“情况说明”页面按 n 新建，或在发证界面按 s 填写", "{name} has no statement; make one on the Statements screen (n) or at the handover (s)";
    StatementIsWithdrawn => "这份情况说明已撤回，不能再用", "this statement was withdrawn and cannot be used";
    StatementAlreadySigned => "这份情况说明已经记录过签字", "this statement's signature is already recorded";
    StatementReliedOn => "已凭这份情况说明发证，不能撤回；如发证有误，请先撤销发证", "a handover relies on this statement, so it cannot be withdrawn; undo that handover first if it was wrong";
    StatementNotSigned => "情况说明还没有签字：请本人或监护人签字后，在“情况说明”页面按 k 记录", "the statement is not signed yet: have the holder or guardian sign it, then record it on the Statements screen (k)";
    WithdrawNeedsReason => "撤回必须写明原因", "a withdrawal needs a reason";
    SignerNameMissing => "请填写签字的监护人姓名", "enter the name of the guardian who signed";
    SignerRelationMissing => "请填写监护人与持证人的关系（如 女儿、父亲）", "enter the guardian's relation to the holder (e.g. daughter, father)";
    TabStatements => "情况说明", "Statements";
    StmtHead { n: usize, unsigned: usize, withdrawn: usize } => "情况说明 {n} 份 · 未签字 {unsigned} · 已撤回 {withdrawn}", "{n} statements · {unsigned} unsigned · {withdrawn} withdrawn";
    StmtFilter { query: String } => "筛选：{query}", "filter: {query}";
    StmtEmpty => "还没有情况说明。二代证遗失、损毁或因其他原因无法交回时，按 n 为持证人新建一份。", "no statements yet. When an old certificate is lost, damaged or cannot be handed in, press n to make one for the holder.";
    StmtNoMatch { query: String } => "没有与“{query}”相符的情况说明", "no statement matches '{query}'";
    StmtColDate => "填写日期", "date";
    StmtColName => "姓名", "name";
    StmtColId => "身份证号", "ID number";
    StmtColLoss => "情形", "reason";
    StmtColSigner => "说明人", "signed by";
    StmtColStanding => "状态", "status";
    StandingUnsigned => "未签字", "unsigned";
    StandingSigned => "已签字", "signed";
    StandingWithdrawn => "已撤回", "withdrawn";
    StmtDetailWho { name: String, id: String, place: String } => "{name}  {id}  {place}", "{name}  {id}  {place}";
    StmtDetailAccount { loss: Loss, account: String } => "{loss}：{account}", "{loss}: {account}";
    StmtDetailTaken { signer: String, relation: String, on: String, operator: String } => "说明人 {signer}（{relation}） · {on} 填写 · 经办人 {operator}", "by {signer} ({relation}) · taken {on} · clerk {operator}";
    StmtDetailSigned { signer: String, relation: String, on: String } => "已签字：{signer}（{relation}），{on}。发证时可凭此说明。", "signed by {signer} ({relation}) on {on}; a handover can rely on it.";
    StmtDetailUnsigned => "未签字：按 p 打印，本人或监护人签字后按 k 记录。", "unsigned: print it (p), have it signed, then record the signature (k).";
    StmtDetailWithdrawn { on: String, reason: String } => "已撤回（{on}）：{reason}", "withdrawn on {on}: {reason}";
    StmtKeys => "n 新建  / 筛选  p 打印  k 记录签字  w 撤回  ↑↓ 选择", "n new  / filter  p print  k signed  w withdraw  ↑↓ select";
    StmtFilterKeys => "输入姓名或身份证号后几位  Enter/Esc 完成", "type a name or the last ID digits  Enter/Esc done";
    StmtFindTitle => "新建情况说明：查找持证人", "new statement: find the holder";
    StmtNewTitle { name: String } => "情况说明：{name}", "statement: {name}";
    StmtSignTitle { name: String } => "记录签字：{name}", "record the signature: {name}";
    StmtWithdrawTitle { name: String } => "撤回情况说明（须写明原因）：{name}", "withdraw the statement (reason required): {name}";
    FieldSignedBy => "签字人", "signed by";
    FieldSignerName => "监护人姓名", "guardian's name";
    SignedByChoose { who: Box<Text> } => "{who}（1 本人  2 监护人）", "{who} (1 holder  2 guardian)";
    SignedByHolder => "本人", "the holder";
    SignedByGuardian => "监护人", "a guardian";
    StmtCreated { name: String } => "已保存 {name} 的情况说明。按 p 打印，签字后按 k 记录。", "{name}'s statement is saved. Print it (p); once signed, record it (k).";
    StmtSigned { name: String } => "已记录签字：{name} 的情况说明可用于发证", "signature recorded: {name}'s statement can be relied on at the handover";
    StmtWithdrawnDone { name: String } => "已撤回 {name} 的情况说明（原因已记录，原件仍在档案中）", "{name}'s statement is withdrawn (reason recorded; it stays on file)";
    StmtPrinting => "正在生成 PDF……", "writing the PDF…";
    StmtPrinted { path: String } => "已写出 {path}，请打印后交本人或监护人签字", "wrote {path}; print it and have it signed";
    StmtPickFirst => "请先用 ↑↓ 选择一份情况说明", "select a statement first (↑↓)";

    // 公示/复核/异地评定 screen
    TabReviews => "公示复核", "Reviews";
    RvHead { waiting: usize, running: usize, awaiting: usize, review: usize, remote: usize } =>
        "待张贴 {waiting} 人 · 公示中 {running} 批 · 期满待确认 {awaiting} 批 · 复核中 {review} · 异地待审 {remote}",
        "to post: {waiting} · running: {running} · to confirm: {awaiting} · under review: {review} · remote: {remote}";
    RvNoticeTitle => "公示（5个工作日）", "public notice (5 working days)";
    RvNoBatches => "没有待张贴的评定结果，也没有公示批次。评定结果有变化的人会出现在这里。", "no changed results to post and no batches yet; changed results show up here.";
    RvCasesTitle => "复核 / 异地评定", "reviews / remote assessments";
    RvNoCases => "没有复核中或待审核的异地评定。o 登记公示异议，r 登记复核申请，m 登记收到的异地评定材料。", "nothing under review. o records an objection, r a review request, m remote forms received.";
    RvColTownship => "乡镇（街道）", "township";
    RvColVillage => "村（社区）", "village";
    RvColPeriod => "公示期", "period";
    RvColCount => "人数", "n";
    RvColObjections => "异议", "obj.";
    RvColStatus => "状态", "status";
    RvColSince => "日期", "date";
    RvColCause => "事由", "cause";
    RvVillages { n: usize } => "{n} 个村", "{n} villages";
    RvWholeTownship => "全乡镇", "(all)";
    RvWaiting => "待张贴", "to post";
    RvRunning => "公示中", "running";
    RvAwaiting { n: usize } => "期满待确认 {n} 人", "ended: {n} to confirm";
    RvConfirmed => "已确认", "confirmed";
    RvRemoteShort => "异地待审", "remote forms";
    RvCauseObjection { reason: String } => "公示异议：{reason}", "objection: {reason}";
    RvCauseRequest { reason: String, fee: String, receipt: String } => "复核申请：{reason}（复核费 {fee} 元，收据 {receipt}）", "review request: {reason} (fee {fee} yuan, receipt {receipt})";
    RvCauseRemote { hospital: String, doctor: String, finding: String, on: NaiveDate } => "{hospital} {doctor} {on} 评定：{finding}", "{hospital}, {doctor}, {on}: {finding}";
    RvDetailWaiting { township: String, n: usize, villages: String } => "{township}：{n} 人评定结果有变化，尚未公示（{villages}）。按 s 张贴公示。", "{township}: {n} changed results not posted yet ({villages}). Press s to post them.";
    RvDetailBatch { place: String, start: NaiveDate, end: NaiveDate, n: usize, objections: usize, confirmed: usize, open: usize } =>
        "{place}：{start}至{end}公示 {n} 人 · 异议 {objections} · 已转待制卡 {confirmed} · 仍在公示 {open}",
        "{place}: posted {start} to {end}, {n} people · {objections} objections · {confirmed} cards requested · {open} still posted";
    RvDetailCase { name: String, place: String, assessed: String, cause: String } => "{name}  {place}  评定结果：{assessed}  {cause}", "{name}  {place}  assessed: {assessed}  {cause}";
    RvKeys => "o 异议  r 复核申请  m 异地收件", "o objection  r review request  m remote forms";
    RvKeysWaiting => "s 张贴公示  l 打印公示名单  o 异议  r 复核申请  m 异地收件", "s post  l print list  o objection  r review request  m remote forms";
    RvKeysBatch => "c 期满确认  l 打印公示名单  o 异议  r 复核申请  m 异地收件", "c confirm  l print list  o objection  r review request  m remote forms";
    RvKeysReview => "d 复核结论  f 打印复核申请表  o 异议  r 复核申请  m 异地收件", "d decision  f print form  o objection  r review request  m remote";
    RvKeysRemote => "a 通过  x 退回  o 异议  r 复核申请  m 异地收件", "a accept  x return  o objection  r review request  m remote forms";
    RvPickFirst => "请先用 ↑↓ 选择一行", "select a line first (↑↓)";
    RvPickCase => "请先用 ↑↓ 选择下方复核 / 异地评定中的一个人", "select a person in the review list first (↑↓)";
    RvStartOnWaiting => "请选择一行“待张贴”再按 s", "select a line 'to post' first, then press s";
    RvConfirmOnBatch => "请选择一个公示批次再按 c", "select a batch first, then press c";
    RvDecideOnReview => "只有复核中的人才能录入复核结论", "a decision is recorded only for a case under review";
    RvRemoteOnly => "只有异地评定待审的人才能通过或退回", "only remote forms under review can be accepted or returned";
    RvBatchDone => "这一批已全部办结，没有需要确认的人", "nothing left to confirm in this batch";
    RvConfirmBatch { place: String, n: usize, end: NaiveDate } => "{place}公示已于{end}期满：确认无异议，{n} 人转为待制卡？", "{place}: the notice ended on {end}. Confirm no objection and request {n} cards?";
    RvConfirmAccept { name: String, forms: String } => "通过 {name} 的异地评定（{forms}），按评定结果办理？", "accept {name}'s remote assessment ({forms}) and act on its result?";
    NothingToPost { place: String } => "{place}没有待公示的人（评定结果有变化且尚未公示）", "nobody in {place} is waiting to be posted (changed result, not yet posted)";
    RvFindObjection => "公示异议：查找公示中的人", "objection: find the person in public notice";
    RvFindRequest => "复核申请：查找申请人", "review request: find the applicant";
    RvFindRemote => "异地评定材料：查找申请人", "remote forms: find the applicant";
    RvStartTitle { township: String } => "张贴公示：{township}", "post the public notice: {township}";
    RvObjectionTitle { name: String } => "公示异议：{name}", "objection: {name}";
    RvRequestTitle { name: String } => "复核申请：{name}", "review request: {name}";
    RvDecideTitle { name: String, current: String } => "复核结论：{name}（原评定：{current}）", "review decision: {name} (assessed: {current})";
    RvRemoteTitle { name: String } => "收到异地评定材料：{name}", "remote forms received: {name}";
    RvReturnTitle { name: String } => "退回异地评定材料（须写明原因）：{name}", "return the remote forms (reason required): {name}";
    RvFieldStart => "开始日期", "start date";
    RvFieldVillage => "村（社区，空=全乡镇）", "village (empty: all)";
    RvFieldDate => "日期", "date";
    RvFieldObjection => "异议内容", "objection";
    RvFieldRequestReason => "申请理由", "reason";
    RvFieldFee => "复核费（元）", "fee (yuan)";
    RvFieldReceipt => "收据号", "receipt no.";
    RvFieldDecision => "复核结论", "decision";
    RvKeep => "维持原评定", "unchanged";
    RvChange => "改为下列类别等级", "changed to";
    RvDisabled => "残疾", "disabled";
    RvFieldInstitution => "评定机构", "institution";
    RvFieldDoctor => "医生", "doctor";
    RvFieldHospital => "评定医院", "hospital";
    RvFieldAssessed => "评定日期", "assessed on";
    RvFieldFinding => "评定结论", "finding";
    RvFieldReceived => "收件日期", "received on";
    RvFieldReturnReason => "退回原因", "reason";
    RvFindingNeeded => "请填写残疾类别和等级", "enter the category and grade";
    RvNothingToKeep => "此人没有原评定结果可维持，请填写复核的类别等级", "there is no assessment to keep; enter the category and grade";
    RvInstitutionMissing => "请填写评定机构", "enter the institution";
    RvDoctorMissing => "请填写医生", "enter the doctor";
    RvHospitalMissing => "请填写评定医院", "enter the hospital";
    RvHelpStartConfirm => "张贴公示 / 期满确认（领导）", "post a notice / confirm its end (leader)";
    RvHelpObjectionRequest => "登记公示异议 / 复核申请", "record an objection / a review request";
    RvHelpDecide => "录入专家委员会复核结论", "record the committee's decision";
    RvHelpRemote => "异地评定：收件 / 通过 / 退回", "remote forms: received / accept / return";
    RvHelpPrint => "打印公示名单 / 复核申请表", "print the notice list / review form";
    // printing from 评定队列, 台账 and 发证
    PrintPickPerson => "请先找到一个人：Ctrl-P 打印此人所在乡镇的告知书、发放登记表或回收登记", "find a person first: Ctrl-P prints their township's notices, register or ledger";
    PrintMenuTitle { township: String } => "打印 {township} 的：", "print for {township}:";
    PrintMenuNotices => "1  告知书（含回执，每位待重新评定的人一页）", "1  notices with receipts (one per re-assessment subject)";
    PrintMenuRegister => "2  第三代残疾人证发放登记表", "2  issuance register";
    PrintMenuLedger => "3  二代证回收登记", "3  recovery ledger of old certificates";
    PrintMenuRemakes => "4  重新制卡名单（交制卡中心）", "4  remake list (for the card centre)";
    NoRemakes => "没有等待重新制卡的人", "nobody is waiting for a remade card";
    PrintMenuKeys => "1-4 打印  其他键 取消", "1-4 print  any other key: cancel";
    HelpDaySheet => "打印该点当天的评定名单", "print the site's day sheet";
    HelpPrintMenu => "打印所在乡镇的告知书 / 登记表 / 回收登记，或重新制卡名单", "print the township's notices / register / ledger, or the remake list";
}
