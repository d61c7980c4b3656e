// The engine's JSON shapes as the page receives them, as JSDoc typedefs (no runtime code).
// Each mirrors a Rust type named in brackets; when one changes, change it here in the same
// commit. Editors and `tsc --checkJs` read these; modules refer to them with
// `/** @typedef {import('./types.js').Plan} Plan */`.

/** A local wall-clock time `YYYY-MM-DDTHH:MM` [plan::Timestamp]. @typedef {string} Timestamp */
/** A date `YYYY-MM-DD`. @typedef {string} IsoDate */

/**
 * An engine error as the worker passes it on [error::Error via wasm.rs].
 * @typedef {object} EngineError
 * @property {string} message English sentence.
 * @property {'invalid_field'|'csv'|'json'|'parse'|'too_large'|'inconsistent'|'empty'|'cancelled'|'panic'|'internal'} kind
 * @property {string} path JSON path, parameter or `source:line:column`.
 * @property {number|null} line 1-based line of a file error.
 * @property {Record<string, string>} [params] The error's fields by name, for a translated message.
 */

/**
 * A plan warning: a code and its parameters [plan::PlanWarning].
 * @typedef {{code: 'forecast', queue: string, warning: {kind: string} & Record<string, any>}
 *   | {code: 'cover_not_met', agent_intervals: number, intervals: number}
 *   | {code: 'schedule_lp_not_solved', reason: string}
 *   | {code: 'time_cap_bound', solver: 'schedule'|'roster', work: number, budget: number, seconds: number}} PlanWarning
 */

/**
 * One queue's forecast [plan::QueueForecastOut].
 * @typedef {object} QueueForecastOut
 * @property {string} queue
 * @property {string} source `history` or `given`.
 * @property {string} method
 * @property {number[]} volume
 * @property {number[]} lo80
 * @property {number[]} hi80
 * @property {number[]} lo95
 * @property {number[]} hi95
 * @property {number[]} aht_seconds
 * @property {number|null} backtest_wape
 */

/**
 * Stage 1 [plan::ForecastStage].
 * @typedef {object} ForecastStage
 * @property {Timestamp[]} timestamps
 * @property {boolean[]} open
 * @property {QueueForecastOut[]} forecast
 * @property {PlanWarning[]} warnings
 */

/**
 * @typedef {object} QueueRequirements [staffing::horizon::QueueRequirements]
 * @property {string} queue
 * @property {'voice'|'chat'|'email'} channel
 * @property {number[]} agents
 * @property {(number|null)[]} service_level
 * @property {(number|null)[]} occupancy
 * @property {(number|null)[]} asa_seconds
 * @property {number[]} unmet
 * @property {number[]} [backlog]
 * @property {number} agent_hours
 */

/**
 * Stage 2 [staffing::horizon::HorizonRequirements].
 * @typedef {object} HorizonRequirements
 * @property {number} interval_minutes
 * @property {Timestamp[]} timestamps
 * @property {QueueRequirements[]} queues
 * @property {number[]} total_agents
 * @property {number[]} shrinkage
 * @property {number[]} total_positions
 * @property {number} agent_hours
 * @property {number} position_hours
 * @property {GroupRequirements[]} [groups] A multi-skill centre's per-group needs.
 */

/**
 * One skill group's need per interval [staffing::skills].
 * @typedef {{id: string, skills: string[], agents: number[], positions: number[]}} GroupRequirements
 */

/** @typedef {{start: Timestamp, minutes: number, paid: boolean}} BreakOut [schedule::report::BreakOut] */
/**
 * @typedef {object} ShiftOut [schedule::report::ShiftOut]
 * @property {string} template
 * @property {Timestamp} start
 * @property {Timestamp} end
 * @property {BreakOut[]} breaks
 * @property {number} count
 * @property {number} paid_hours
 * @property {number} cost
 * @property {string} [group] The skill group whose agents work it (multi-skill plans).
 */
/** @typedef {{timestamp: Timestamp, required: number, scheduled: number, under: number, over: number}} IntervalOut */

/**
 * Stage 3 [schedule::report::Schedule].
 * @typedef {object} Schedule
 * @property {number} cost
 * @property {number} paid_hours
 * @property {number|null} fte
 * @property {number} shift_count
 * @property {number} objective
 * @property {number} penalty
 * @property {number} lower_bound
 * @property {number} gap
 * @property {boolean} proven_optimal
 * @property {ShiftOut[]} shifts
 * @property {IntervalOut[]} coverage
 * @property {IntervalOut[]} understaffed
 * @property {{template: string, shifts: number, paid_hours: number}[]} templates
 * @property {{method: string, candidates: number}} solver
 * @property {string[]} warnings
 */

/**
 * A roster shift type, referred to by index [plan::RosterShiftType].
 * @typedef {{template: string, start: string, span_minutes: number, paid_minutes: number}} RosterShiftType
 */
/** @typedef {{day: number, shift: number, start: Timestamp, end: Timestamp, breaks?: BreakOut[]}} RosteredShift [plan::RosteredShift] */
/** @typedef {{id: string, name: string, paid_hours: number, shifts: RosteredShift[]}} RosteredAgent */
/** A labour rule by code (`max_weekends`) [roster::problem::RuleKind]. @typedef {string} RuleKind */
/** @typedef {{agent: string, rule: RuleKind, hard: boolean, units: number}} RuleBreak [roster::model::RuleBreak] */
/**
 * @typedef {object} RosterShortage [plan::RosterShortage]
 * @property {number} day
 * @property {number} shift Index into `shift_types`.
 * @property {number} requirement
 * @property {number} assigned
 * @property {{rule: RuleKind, agents: number}[]} binding
 * @property {string[]} available
 * @property {string[]} [needed_elsewhere] Agents free within the rules but needed on their own shift that day.
 * @property {number} [barred] Agents the shift is closed to (without its skill, or by contract).
 * @property {string[]} [trainable] Agents without its skill who would otherwise be free, fewest missing skills first.
 * @property {{code: 'blocked', rule: RuleKind}|{code: 'soft_costs'}|{code: 'needed_elsewhere'}|{code: 'no_skill'}|{code: 'no_agents'}} [reason]
 *   Why nobody works it [plan::ShortageReason] (absent from older engines: the page derives one
 *   from `binding`).
 * @property {({code: 'hire', agents: number}|{code: 'relax', rule: RuleKind, agents: number}|{code: 'assign', agents: string[]}|{code: 'train', agents: string[]})[]} [fix]
 *   What would staff it [plan::ShortageFix].
 */
/** A shift by what it is, across plans [plan::ShiftKey]. @typedef {{template: string, start: string, span_minutes: number}} ShiftKey */
/**
 * A roster to re-plan against, cells and pins by key [plan::PublishedRoster].
 * @typedef {{start: IsoDate, agents: {agent: string, cells: (ShiftKey|null)[]}[], pins: {agent: string, date: IsoDate, shift: ShiftKey|null}[]}} PublishedRoster
 */
/** @typedef {{work_budget: number, work?: number, seconds_cap?: number, stopped_by?: 'finished'|'work'|'time_cap', portfolio?: {members: number, chosen: number}}} SolverRun */
/** @typedef {{agent: string, day: number, from: number|null, to: number|null}} RosterChange */
/** @typedef {{agent: string, day: number, shift: number|null}} RosterPin [plan::RosterPin] */

/**
 * Stage 4 [plan::PlanRoster].
 * @typedef {object} PlanRoster
 * @property {IsoDate[]} days
 * @property {RosterShiftType[]} shift_types
 * @property {RosteredAgent[]} agents
 * @property {boolean} feasible
 * @property {number} cost
 * @property {RosterShortage[]} shortages
 * @property {RuleBreak[]} breaks
 * @property {{agents: {agent: string, contract: string, earlies: number, middles: number, lates: number, nights: number, weekends: number, minutes: number}[], spread: object[]}} fairness
 * @property {SolverRun} solver
 * @property {RosterChange[]} [changes]
 */

/**
 * @typedef {object} QueueKpis [plan::QueueKpis]
 * @property {string} queue
 * @property {number[]} agents
 * @property {(number|null)[]} service_level
 * @property {(number|null)[]} asa_seconds
 * @property {(number|null)[]} abandon_rate
 * @property {(number|null)[]} occupancy
 * @property {number|null} service_level_total
 * @property {number|null} asa_total
 * @property {number|null} abandon_total
 * @property {number} intervals_below_target
 */

/**
 * @typedef {object} Kpis [plan::Kpis]
 * @property {'roster'|'schedule'} basis Which agents the figures count [plan::Basis]: the
 *   roster's (their shifts, off their breaks) when the plan has one.
 * @property {number[]} at_work Agents at work per interval, from the basis.
 * @property {number} short_intervals Open intervals with fewer at work than positions required.
 * @property {QueueKpis[]} queues
 * @property {number[]} productive_agents
 * @property {number} cost
 * @property {number} paid_hours
 * @property {number} shifts
 * @property {number} contacts
 * @property {number|null} cost_per_contact
 */

/**
 * A skill group of a plan [plan::skills::PlanSkillGroup].
 * @typedef {{id: string, skills: string[], agents: string[], max_agents?: number, scheduled_shifts: number, rostered_shifts?: number}} PlanSkillGroup
 */
/**
 * A multi-skill plan's groups [plan::skills::PlanSkills]: `at_work[g][t]` agents of group g at
 * work in interval t (off breaks); `split[t][g][q]` of them answering queue q.
 * @typedef {{groups: PlanSkillGroup[], at_work: number[][], split: number[][][]}} PlanSkills
 */
/**
 * The whole plan [plan::Plan].
 * @typedef {object} Plan
 * @property {1} version
 * @property {object} scenario The scenario planned [scenario::Scenario].
 * @property {Timestamp[]} timestamps
 * @property {boolean[]} open
 * @property {QueueForecastOut[]} forecast
 * @property {HorizonRequirements} requirements
 * @property {Schedule} schedule
 * @property {PlanRoster} [roster]
 * @property {Kpis} kpis
 * @property {PlanSkills} [skills] A multi-skill plan's groups and split.
 * @property {{schedule: SolverRun, roster?: SolverRun}} solvers
 * @property {PlanWarning[]} warnings
 */

/**
 * A row of the proposal's what-if tables [quote::sizing::QuoteRow].
 * @typedef {object} QuoteRow
 * @property {string} label
 * @property {number} [service_level]
 * @property {number} [answer_seconds]
 * @property {boolean} is_headline The client's own targets: the headline bid.
 * @property {{queue: string, target: object|null, response_window_minutes: number|null}[]} targets
 *   What each channel is held to in this row.
 * @property {number} fte
 * @property {number} headcount
 * @property {number} monthly_price
 * @property {number} price_per_fte_month
 * @property {number|null} price_per_contact
 */

export {};
