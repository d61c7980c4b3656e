// Skills on the page (issue 16 point 7): what a multi-skill plan adds to the views. Agents'
// skills are queue ids; the engine groups agents with the same skills into skill groups, staffs
// and schedules per group, and splits each group's agents among the queues they can serve
// (`plan.skills.split`, the model's balanced split; Bhulai, Koole & Pot 2008 for the
// skill-transfer covering model). This module renders that: a selector that narrows the
// requirement and coverage charts to one queue or one group, the skill-group table, each
// agent's skills and break times in the roster, and the what-if "cross-train N agents in skill
// X", which re-plans a changed copy of the scenario in the worker and sets its cost, agents and
// service per queue next to the current plan. Nothing is computed here beyond sums for display:
// every figure comes from the engine's plan.
import { t, addStrings, fmtNumber, fmtPct } from '../i18n.js';
import { $, el, fillTable } from '../ui.js';
import { isoToSeconds } from '../dates.js';
import { errorText } from '../messages.js';
import { rosterFeedback } from '../engine.js';
import { fte, avg, fmtCost } from './common.js';

addStrings({
  'sk.demo': { en: 'Load the multi-skill demo (3 queues, 72 agents)', 'zh-CN': '载入多技能示例（3 个队列，72 名坐席）' },
  'sk.scope': { en: 'Show', 'zh-CN': '显示' },
  'sk.all': { en: 'All queues together', 'zh-CN': '全部队列合计' },
  'sk.queueOpt': { en: 'Queue: {name}', 'zh-CN': '队列：{name}' },
  'sk.groupOpt': { en: 'Skill group: {name}', 'zh-CN': '技能组：{name}' },
  'sk.everyQueue': { en: 'every queue', 'zh-CN': '全部队列' },
  'sk.queueNeed': { en: 'Agents this queue needs (on contacts)', 'zh-CN': '该队列所需在线坐席' },
  'sk.queueServed': { en: 'Agents answering it (split of the skill groups)', 'zh-CN': '为其应答的坐席（各技能组分配）' },
  'sk.groupNeed': { en: 'Positions this group must fill (with shrinkage)', 'zh-CN': '该技能组需排人数（含损耗）' },
  'sk.groupAgents': { en: 'Agents of this group on contacts', 'zh-CN': '该技能组在线坐席' },
  'sk.groupScheduled': { en: 'Scheduled shifts of this group (off breaks)', 'zh-CN': '该技能组已排班次（不含工间休息）' },
  'sk.groupRostered': { en: 'Agents of this group at work in the roster', 'zh-CN': '排班表中该技能组在岗坐席' },
  'sk.scopeUnderOver': { en: 'Here: {under} agent-intervals under and {over} over.', 'zh-CN': '此处：不足 {under} 人·区间，富余 {over} 人·区间。' },
  'sk.ovShared': { en: '{agents} agents in {groups} skill groups serve {queues} queues; {shared} of them have several skills and are shared among their queues.', 'zh-CN': '{agents} 名坐席分属 {groups} 个技能组，服务 {queues} 个队列；其中 {shared} 名具备多项技能，在各自队列间共享。' },
  'sk.ovShortRoster': { en: 'Skill group {group}: the roster leaves it {n} agent-intervals below its positions, in {intervals} intervals.', 'zh-CN': '技能组 {group}：排班表比所需人数少 {n} 人·区间，涉及 {intervals} 个区间。' },
  'sk.ovShort': { en: 'Skill group {group}: the schedule leaves it {n} agent-intervals below its positions, in {intervals} intervals.', 'zh-CN': '技能组 {group}：班次比所需人数少 {n} 人·区间，涉及 {intervals} 个区间。' },
  'sk.ovCrossTrain': { en: 'To see what training more agents in a second skill would save, try cross-training in What-if.', 'zh-CN': '想知道为更多坐席培训第二技能能节省多少，请在“假设分析”中尝试交叉培训。' },
  'sk.simHint': {
    en: 'A discrete-event simulation of every call of the week with the rostered agents and their breaks, each call routed to the longest-idle agent who has its skill, checks the multi-skill figures above.',
    'zh-CN': '用离散事件仿真逐个模拟本周每通电话：按排班表上的坐席及其工间休息，每通电话分配给具备该技能、空闲最久的坐席，以检验上面的多技能计算结果。',
  },
  'sk.simBelow': { en: 'Busy intervals below target (simulated)', 'zh-CN': '低于目标的忙时区间（仿真）' },
  'sk.ofBusy': { en: '{n} of {busy}', 'zh-CN': '{busy} 个中 {n} 个' },
  'sk.modelSl': { en: 'SL (multi-skill model)', 'zh-CN': '服务水平（多技能模型）' },
  'sk.simOff': {
    en: '{queue}: the simulation finds {sim} where the plan models {model}; trust the simulation, and add or cross-train agents for this queue.',
    'zh-CN': '{queue}：仿真结果为 {sim}，而方案模型为 {model}；请以仿真为准，为该队列增加或交叉培训坐席。',
  },
  'sk.queueNote': {
    en: 'Agents who have several skills are split among their queues by the model, so the agents answering a queue can exceed what it needs alone: they are shared.',
    'zh-CN': '多技能坐席按模型分配到各自可服务的队列，因此为某队列应答的坐席可能多于该队列单独所需：他们是共享的。',
  },
  'sk.groupsHeading': { en: 'Skill groups', 'zh-CN': '技能组' },
  'sk.groupsCaption': { en: 'Agents with the same skills form a group; the schedule and roster fill each group', 'zh-CN': '技能相同的坐席组成一个技能组；班次与排班按技能组安排' },
  'sk.group': { en: 'Skill group', 'zh-CN': '技能组' },
  'sk.skills': { en: 'Queues it serves', 'zh-CN': '可服务队列' },
  'sk.agents': { en: 'Agents', 'zh-CN': '坐席数' },
  'sk.max': { en: 'Headcount limit', 'zh-CN': '人数上限' },
  'sk.needHours': { en: 'Position hours needed', 'zh-CN': '所需排班工时' },
  'sk.scheduledShifts': { en: 'Scheduled shifts', 'zh-CN': '已排班次' },
  'sk.rosteredShifts': { en: 'Rostered shifts', 'zh-CN': '排班表班次' },
  'sk.kpiNote': {
    en: 'Service per queue counts who can answer it: each queue is served by the agents who have its skill; a contact goes to the longest-idle such agent, and a freed agent takes the longest-waiting contact among its skills.',
    'zh-CN': '各队列的服务水平按能应答它的坐席计算：每个队列只由具备该技能的坐席服务；来电分配给空闲最久的合格坐席，坐席空闲后接待其技能范围内等待最久的来电。',
  },
  'sk.agentSkills': { en: 'Skills', 'zh-CN': '技能' },
  'sk.breaksOf': { en: 'Breaks: {list}', 'zh-CN': '工间休息：{list}' },
  'sk.noBreaks': { en: 'no breaks', 'zh-CN': '无工间休息' },
  'sk.weekOf': { en: 'Shifts and breaks of {name}', 'zh-CN': '{name} 的班次与工间休息' },
  'sk.shiftOf': { en: '{from}–{to}', 'zh-CN': '{from}–{to}' },
  'xt.heading': { en: 'What if we cross-train agents?', 'zh-CN': '假如交叉培训坐席？' },
  'xt.hint': {
    en: 'Adds a skill to N agents who lack it (a copy of the scenario), re-plans it in the background and compares cost, agents and service per queue with the current plan.',
    'zh-CN': '为 N 名尚不具备某技能的坐席增加该技能（在场景副本中），后台重新排班，并与当前方案对比成本、坐席与各队列服务水平。',
  },
  'xt.n': { en: 'Agents to cross-train', 'zh-CN': '交叉培训人数' },
  'xt.skill': { en: 'Skill to add', 'zh-CN': '增加的技能' },
  'xt.from': { en: 'Take them from', 'zh-CN': '人员来自' },
  'xt.anyGroup': { en: 'any group that lacks the skill', 'zh-CN': '任意不具备该技能的技能组' },
  'xt.run': { en: 'Re-plan with cross-training', 'zh-CN': '按交叉培训重新排班' },
  'xt.nRange': { en: 'Enter a whole number of agents from 1 to {max}.', 'zh-CN': '请输入 1 到 {max} 之间的整数人数。' },
  'xt.none': { en: 'No agent lacks this skill: every agent can already serve it.', 'zh-CN': '所有坐席都已具备该技能。' },
  'xt.fewer': { en: 'Only {n} agents lack this skill in that group; all of them are cross-trained.', 'zh-CN': '该技能组中只有 {n} 名坐席不具备此技能，已全部计入。' },
  'xt.who': { en: 'Cross-trained: {list}', 'zh-CN': '交叉培训：{list}' },
  'xt.caption': { en: 'Current plan vs. {n} agents cross-trained in {skill}', 'zh-CN': '当前方案 对比 {n} 名坐席交叉培训 {skill}' },
  'xt.crossTrained': { en: 'Cross-trained, re-planned', 'zh-CN': '交叉培训后重新排班' },
  'xt.change': { en: 'Change', 'zh-CN': '变化' },
  'xt.cost': { en: 'Cost', 'zh-CN': '成本' },
  'xt.agentsWorking': { en: 'Agents with shifts', 'zh-CN': '有班次的坐席' },
  'xt.unstaffed': { en: 'Shifts left without an agent', 'zh-CN': '无人上岗的班次' },
  'xt.saving': { en: 'Saving: {cost} over the {days}-day plan ({pct} of the cost).', 'zh-CN': '节省：{days} 天计划期内 {cost}（占成本 {pct}）。' },
  'xt.dearer': { en: 'No saving: the cross-trained plan costs {cost} more.', 'zh-CN': '没有节省：交叉培训后的方案多花 {cost}。' },
  'xt.belowOf': { en: 'Intervals below target: {queue}', 'zh-CN': '低于目标的区间：{queue}' },
  'xt.adopt': { en: 'Make the cross-trained team the scenario', 'zh-CN': '采用交叉培训后的团队' },
  'xt.single': { en: 'The scenario has one queue: there is no other skill to train.', 'zh-CN': '场景只有一个队列，没有可培训的其他技能。' },
});

/** Whether a plan has skill groups (a multi-skill centre). */
export function isMultiSkill(plan) {
  return (plan?.skills?.groups?.length ?? 0) > 0 && (plan?.scenario?.queues?.length ?? 0) > 1;
}

/** A group's name in the planner's words: the names of the queues it serves. */
export function groupName(ctx, g) {
  if (!g.skills?.length) return t('sk.everyQueue');
  return g.skills.map((q) => ctx.queueName(q)).join(' + ');
}

/** The agent's skills as queue names ('' when the scenario has one queue). */
export function agentSkills(ctx, scenario, id) {
  if ((scenario?.queues?.length ?? 0) < 2) return '';
  const a = scenario.agents?.find((x) => x.id === id);
  if (!a) return '';
  return a.skills?.length ? a.skills.map((q) => ctx.queueName(q)).join(' · ') : t('sk.everyQueue');
}

/** A rostered shift's times and breaks in one line ("08:00–17:00 · Breaks: 09:30 30′, 12:00 60′"). */
export function shiftLine(s) {
  if (!s?.start) return '';
  const times = t('sk.shiftOf', { from: s.start.slice(11, 16), to: s.end.slice(11, 16) });
  const br = s.breaks ?? [];
  const list = br.length ? t('sk.breaksOf', { list: br.map((b) => `${b.start.slice(11, 16)} ${t('unit.minutes', { n: b.minutes })}`).join(', ') }) : t('sk.noBreaks');
  return `${times} · ${list}`;
}

/** Fill a scope selector (all / each queue / each group) for a multi-skill plan; hide it otherwise. */
export function fillScope(ctx, select, plan) {
  const row = select.closest('.scope');
  const on = isMultiSkill(plan);
  if (row) row.hidden = !on;
  if (!on) {
    select.value = '';
    return '';
  }
  // A finding elsewhere may ask for a scope (`data-want`) before this view is shown.
  const keep = select.dataset.want || select.value;
  delete select.dataset.want;
  select.textContent = '';
  select.append(el('option', t('sk.all'), { value: '' }));
  for (const q of plan.scenario.queues) select.append(el('option', t('sk.queueOpt', { name: ctx.queueName(q.id) }), { value: `q:${q.id}` }));
  for (const g of plan.skills.groups) select.append(el('option', t('sk.groupOpt', { name: groupName(ctx, g) }), { value: `g:${g.id}` }));
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
  return select.value;
}

/** Per interval, a group's scheduled shifts on duty (shift minus its breaks), from the schedule. */
export function groupScheduled(plan, groupId) {
  const ts = plan.timestamps;
  const out = new Array(ts.length).fill(0);
  if (!ts.length) return out;
  const step = plan.scenario.interval_minutes;
  const t0 = isoToSeconds(ts[0]) / 60;
  const at = (iso) => isoToSeconds(iso) / 60 - t0;
  for (const s of plan.schedule.shifts) {
    if (s.group !== groupId) continue;
    const a = Math.max(0, Math.floor(at(s.start) / step));
    const b = Math.min(ts.length, Math.ceil(at(s.end) / step));
    for (let i = a; i < b; i++) out[i] += s.count;
    for (const br of s.breaks ?? []) {
      const m0 = at(br.start);
      for (let m = m0; m < m0 + br.minutes; m += 1) {
        const i = Math.floor(m / step);
        if (i >= 0 && i < ts.length) out[i] -= s.count / step;
      }
    }
  }
  return out.map((x) => Math.round(x * 1000) / 1000);
}

/** Per interval, agents answering queue `q` (all groups' share of it, the model's split). */
export function queueServed(plan, queueId) {
  const qi = plan.scenario.queues.findIndex((q) => q.id === queueId);
  return (plan.skills?.split ?? []).map((gs) => gs.reduce((a, row) => a + (row[qi] ?? 0), 0));
}

/**
 * The requirement and coverage series of one scope: `{required, covered, staffed, labels}`
 * (`staffed`: the roster's agents at work, a group's only), or null for the whole centre.
 */
export function scopeSeries(plan, scope) {
  if (!scope || !isMultiSkill(plan)) return null;
  const [kind, id] = [scope.slice(0, 1), scope.slice(2)];
  if (kind === 'q') {
    const rq = plan.requirements.queues.find((q) => q.queue === id);
    if (!rq) return null;
    return { required: rq.agents, covered: queueServed(plan, id), staffed: null, labels: ['sk.queueNeed', 'sk.queueServed'], kind };
  }
  const gi = plan.skills.groups.findIndex((g) => g.id === id);
  const rg = plan.requirements.groups?.find((g) => g.id === id);
  if (gi < 0 || !rg) return null;
  const staffed = plan.kpis?.basis === 'roster' ? plan.skills.at_work?.[gi] ?? null : null;
  return { required: rg.positions, covered: groupScheduled(plan, id), staffed, labels: ['sk.groupNeed', 'sk.groupScheduled'], agents: rg.agents, kind };
}

/** The skill-group table (hidden for single-skill plans). */
export function renderGroups(ctx, plan, table) {
  table.textContent = '';
  table.hidden = !isMultiSkill(plan);
  if (table.hidden) return;
  const hours = plan.scenario.interval_minutes / 60;
  const need = Object.fromEntries((plan.requirements.groups ?? []).map((g) => [g.id, g.positions.reduce((a, b) => a + b, 0) * hours]));
  fillTable(table, [
    { label: t('sk.group'), value: (g) => groupName(ctx, g) },
    { label: t('sk.agents'), value: (g) => fmtNumber(g.agents.length) },
    { label: t('sk.max'), value: (g) => (g.max_agents == null ? '–' : fmtNumber(g.max_agents)) },
    { label: t('sk.needHours'), value: (g) => fmtNumber(need[g.id] ?? 0) },
    { label: t('sk.scheduledShifts'), value: (g) => fmtNumber(g.scheduled_shifts) },
    { label: t('sk.rosteredShifts'), value: (g) => (g.rostered_shifts == null ? '–' : fmtNumber(g.rostered_shifts)) },
  ], plan.skills.groups, { caption: t('sk.groupsCaption') });
}

/**
 * The Overview's findings for a multi-skill plan: how many agents are shared among queues,
 * and the skill group the roster leaves furthest below its positions (with a link that opens
 * the Schedule on that group) and what-if cross-training as the next step.
 * @returns {{text: string, view: string, bad?: boolean, scope?: string}[]}
 */
export function skillFindings(ctx, plan) {
  if (!isMultiSkill(plan)) return [];
  const groups = plan.skills.groups;
  const shared = groups.filter((g) => g.skills.length !== 1).reduce((a, g) => a + g.agents.length, 0);
  const agents = groups.reduce((a, g) => a + g.agents.length, 0);
  const out = [{ text: t('sk.ovShared', { agents: fmtNumber(agents), groups: fmtNumber(groups.length), queues: fmtNumber(plan.scenario.queues.length), shared: fmtNumber(shared) }), view: 'requirements' }];
  let worst = null;
  groups.forEach((g) => {
    const sc = scopeSeries(plan, `g:${g.id}`);
    if (!sc) return;
    const have = sc.staffed ?? sc.covered;
    let under = 0;
    let n = 0;
    sc.required.forEach((x, i) => {
      const d = x - (have[i] ?? 0);
      if (d > 1e-6) {
        under += d;
        n += 1;
      }
    });
    if (under > 1e-6 && (!worst || under > worst.under)) worst = { g, under, n, roster: sc.staffed != null };
  });
  if (worst) {
    out.push({
      text: t(worst.roster ? 'sk.ovShortRoster' : 'sk.ovShort', { group: groupName(ctx, worst.g), n: fmtNumber(worst.under, 1), intervals: fmtNumber(worst.n) }),
      view: 'schedule', bad: true, scope: `g:${worst.g.id}`,
    });
  }
  if (plan.scenario.agents?.length) out.push({ text: t('sk.ovCrossTrain'), view: 'whatif' });
  return out;
}

// ---- the multi-skill starter -------------------------------------------------------------

/** Load `demo/skills.json` (3 queues, 72 agents in 7 skill groups, volumes given) and plan it. */
export async function loadSkillsDemo(ctx) {
  const res = await fetch('demo/skills.json');
  if (!res.ok) throw new Error(`demo/skills.json: ${res.status}`);
  const scenario = await res.json();
  ctx.state.scenario = scenario;
  ctx.state.assumptions = null;
  ctx.state.demoScenario = JSON.stringify(scenario);
  ctx.state.histories = {};
  ctx.state.history = null;
  ctx.saveState();
  ctx.afterScenarioChange();
}

// ---- what-if: cross-train N agents in skill X ---------------------------------------------

/**
 * The agents to cross-train: those who lack `skill` (an agent with no skills already serves
 * every queue), from `fromGroup` (a skills key "a+b") or from every group, taken in turn from
 * the largest groups first and by id inside a group, so the training spreads over the teams.
 * @returns {string[]} agent ids
 */
export function crossTrainPick(scenario, skill, n, fromGroup = '') {
  const key = (a) => [...a.skills].sort().join('+');
  const lacking = (scenario.agents ?? []).filter((a) => a.skills?.length && !a.skills.includes(skill) && (!fromGroup || key(a) === fromGroup));
  const groups = new Map();
  for (const a of lacking) groups.set(key(a), [...(groups.get(key(a)) ?? []), a.id]);
  const order = [...groups.entries()].sort((x, y) => y[1].length - x[1].length || (x[0] < y[0] ? -1 : 1)).map(([, ids]) => ids.sort());
  const out = [];
  for (let round = 0; out.length < n && order.some((ids) => ids.length > round); round++) {
    for (const ids of order) if (out.length < n && ids[round]) out.push(ids[round]);
  }
  return out;
}

/** The scenario copy with `ids` given `skill` too (skills kept in the queues' order). */
export function crossTrainVariant(scenario, skill, ids) {
  const b = structuredClone(scenario);
  const order = b.queues.map((q) => q.id);
  const set = new Set(ids);
  for (const a of b.agents) {
    if (set.has(a.id)) a.skills = order.filter((q) => q === skill || a.skills.includes(q));
  }
  b.name = `${scenario.name} — ${t('wi.variant')}`;
  return b;
}

let lastXt = null;

/**
 * Fill the cross-train form's selectors from the scenario: shown when some agent lacks a skill
 * (2+ queues and agents with skills; agents without skills already serve every queue). A
 * comparison made against an earlier plan is cleared once the plan changes.
 */
export function renderCrossTrain(ctx) {
  const panel = $('#xt-panel');
  const s = ctx.state.scenario;
  const nq = s?.queues?.length ?? 0;
  const on = nq > 1 && (s?.agents ?? []).some((a) => a.skills?.length && a.skills.length < nq);
  panel.hidden = !on;
  if (lastXt && lastXt.base !== ctx.current.plan) {
    lastXt = null;
    ctx.current.crossTrain = null;
    for (const id of ['#xt-table', '#xt-saving', '#xt-who']) $(id).textContent = '';
    $('#xt-adopt').hidden = true;
  }
  if (!on) return;
  const skill = $('#xt-skill');
  const keep = skill.value;
  skill.textContent = '';
  for (const q of s.queues) skill.append(el('option', ctx.queueName(q.id), { value: q.id }));
  if ([...skill.options].some((o) => o.value === keep)) skill.value = keep;
  const from = $('#xt-from');
  const keepFrom = from.value;
  from.textContent = '';
  from.append(el('option', t('xt.anyGroup'), { value: '' }));
  const keys = [...new Set(s.agents.filter((a) => a.skills?.length && !a.skills.includes(skill.value)).map((a) => [...a.skills].sort().join('+')))].sort();
  for (const k of keys) from.append(el('option', k.split('+').map((q) => ctx.queueName(q)).join(' + '), { value: k }));
  if ([...from.options].some((o) => o.value === keepFrom)) from.value = keepFrom;
  if (lastXt) showCrossTrain(ctx, lastXt);
}

function fieldError(box, input, text) {
  box.textContent = text;
  box.hidden = false;
  input?.setAttribute('aria-invalid', 'true');
  input?.focus();
}

/** Wire the cross-train form once. */
export function setupCrossTrain(ctx) {
  $('#xt-skill').addEventListener('change', () => renderCrossTrain(ctx));
  $('#xt-form').addEventListener('submit', (e) => {
    e.preventDefault();
    runCrossTrain(ctx);
  });
  $('#xt-adopt').addEventListener('click', () => {
    if (!lastXt) return;
    ctx.state.scenario = lastXt.scenario;
    lastXt = null;
    ctx.saveState();
    ctx.afterScenarioChange();
  });
  $('#demo-skills').addEventListener('click', async () => {
    const pristine = JSON.stringify(ctx.state.scenario) === ctx.state.demoScenario;
    if (ctx.state.scenario && !pristine && !window.confirm(t('bar.demoConfirm'))) return;
    try {
      await loadSkillsDemo(ctx);
    } catch (err) {
      ctx.showPlanError(err);
    }
  });
}

async function runCrossTrain(ctx) {
  const box = $('#xt-error');
  box.hidden = true;
  const nInput = $('#xt-n');
  nInput.removeAttribute('aria-invalid');
  const a = ctx.current.plan;
  if (!a) return fieldError(box, null, t('plan.notYet'));
  const s = ctx.state.scenario;
  const n = Number(nInput.value);
  const max = s.agents.length;
  if (nInput.value.trim() === '' || !Number.isInteger(n) || n < 1 || n > max) return fieldError(box, nInput, t('xt.nRange', { max: fmtNumber(max) }));
  const skill = $('#xt-skill').value;
  const ids = crossTrainPick(s, skill, n, $('#xt-from').value);
  if (!ids.length) return fieldError(box, $('#xt-skill'), t('xt.none'));
  const b = crossTrainVariant(s, skill, ids);
  const scenario = JSON.stringify(b);
  const histories = Object.fromEntries(Object.entries(ctx.state.histories ?? {}).map(([q, h]) => [q, h.text]));
  const run = $('#xt-run');
  run.disabled = true;
  $('#xt-table').setAttribute('aria-busy', 'true');
  try {
    const f = await ctx.engine.call('planForecast', { scenario, histories });
    const fj = JSON.stringify(f);
    const r = await ctx.engine.call('planRequirements', { scenario, forecast: fj });
    const rj = JSON.stringify(r);
    const sch = await ctx.engine.call('planSchedule', { scenario, requirements: rj });
    const first = await ctx.engine.call('planRoster', { scenario, schedule: JSON.stringify(sch) });
    const kept = await rosterFeedback(ctx.engine, { scenario, requirements: rj }, sch, first,
      (s) => ctx.engine.call('planRoster', { scenario, schedule: s }));
    const sj = JSON.stringify(kept.schedule);
    const roster = kept.roster;
    const plan = await ctx.engine.call('planAssemble', { scenario, forecast: fj, requirements: rj, schedule: sj, roster: roster ? JSON.stringify(roster) : '' });
    lastXt = { scenario: b, skill, ids, asked: n, base: a, plan };
    ctx.current.crossTrain = lastXt; // for tests and the console
    showCrossTrain(ctx, lastXt);
    document.body.dataset.crossTrained = String(Number(document.body.dataset.crossTrained ?? 0) + 1);
  } catch (e) {
    if (e.kind !== 'cancelled') fieldError(box, null, errorText(e));
  } finally {
    run.disabled = false;
    $('#xt-table').removeAttribute('aria-busy');
  }
}

/** The figures the comparison shows for one plan. */
export function crossTrainFigures(p) {
  const vol = Object.fromEntries(p.forecast.map((f) => [f.queue, f.volume]));
  const short = (p.roster?.shortages ?? []).reduce((x, y) => x + Math.max(0, y.requirement - y.assigned), 0);
  return {
    cost: p.kpis.cost, paidHours: p.kpis.paid_hours, fte: fte(p),
    working: p.roster ? p.roster.agents.filter((x) => x.shifts.length).length : null,
    unstaffed: p.roster ? short : null,
    queues: p.kpis.queues.map((q) => ({ queue: q.queue, sl: q.service_level_total, below: q.intervals_below_target, occ: avg(q.occupancy, vol[q.queue] ?? []) })),
  };
}

function showCrossTrain(ctx, x) {
  const a = crossTrainFigures(x.base);
  const b = crossTrainFigures(x.plan);
  const who = $('#xt-who');
  const names = x.ids.map((id) => x.scenario.agents.find((ag) => ag.id === id)?.name ?? id);
  who.textContent = `${x.ids.length < x.asked ? `${t('xt.fewer', { n: fmtNumber(x.ids.length) })} ` : ''}${t('xt.who', { list: names.join(', ') })}`;
  const rows = [
    { key: 'xt.cost', a: a.cost, b: b.cost, f: (v) => fmtCost(v), lower: true },
    { key: 'kpi.paidHours', a: a.paidHours, b: b.paidHours, f: (v) => fmtNumber(v), lower: true },
    { key: 'kpi.fte', a: a.fte, b: b.fte, f: (v) => fmtNumber(v, 1), lower: true },
  ];
  if (a.working != null && b.working != null) rows.push({ key: 'xt.agentsWorking', a: a.working, b: b.working, f: (v) => fmtNumber(v), lower: true });
  if (a.unstaffed != null && b.unstaffed != null) rows.push({ key: 'xt.unstaffed', a: a.unstaffed, b: b.unstaffed, f: (v) => fmtNumber(v), lower: true });
  for (const qa of a.queues) {
    const qb = b.queues.find((q) => q.queue === qa.queue);
    const name = ctx.queueName(qa.queue);
    rows.push({ label: t('wi.slOf', { queue: name }), a: qa.sl, b: qb?.sl, f: (v) => fmtPct(v, 1), lower: false });
    rows.push({ label: t('xt.belowOf', { queue: name }), a: qa.below, b: qb?.below, f: (v) => fmtNumber(v), lower: true });
  }
  const table = $('#xt-table');
  table.textContent = '';
  table.append(el('caption', t('xt.caption', { n: fmtNumber(x.ids.length), skill: ctx.queueName(x.skill) })));
  const head = el('tr');
  for (const k of ['wi.measure', 'wi.current', 'xt.crossTrained', 'xt.change']) head.append(el('th', t(k), { scope: 'col' }));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    tr.append(el('th', r.label ?? t(r.key), { scope: 'row' }));
    const d = r.a != null && r.b != null ? r.b - r.a : null;
    const better = d == null || Math.abs(d) < 1e-9 ? null : (d < 0) === r.lower;
    const sign = d != null && d > 1e-9 ? '+' : '';
    tr.append(el('td', r.f(r.a)), el('td', r.f(r.b), { class: better == null ? null : better ? 'good' : 'bad' }),
      el('td', d == null ? '–' : `${sign}${r.f(d)}`));
    tbody.append(tr);
  }
  table.append(thead, tbody);
  const saving = a.cost - b.cost;
  $('#xt-saving').textContent = saving > 1e-9
    ? t('xt.saving', { cost: fmtCost(saving), pct: fmtPct(saving / a.cost, 1), days: fmtNumber(x.base.scenario.horizon.days) })
    : t('xt.dearer', { cost: fmtCost(-saving) });
  $('#xt-saving').dataset.saving = String(saving);
  $('#xt-adopt').hidden = false;
}
