// Views computed from the stored record: authority histories, latest grades,
// the national distribution over time.
export { buildView, latestGradeCounts, isFullInspection } from './view.ts';
export type { AuthorityView, RecordView } from './view.ts';
export { gradeDistributionByYear, DISTRIBUTION_GRADES } from './distribution.ts';
export type { YearDistribution } from './distribution.ts';
export { describeChange, type FactChangeLike } from './changes.ts';
export { nationalPicture, nationalDetail, nationalSeries, defaultPublishedBy, isIsoDate, sharesOf, quarterEnds, marchEnds, areaGrade, changeBetween, headlineArea, existedOn, inspectionsBy, NATIONAL_GRADES, CHANGE_KINDS } from './national.ts';
export type { NationalPicture, NationalDetail, RegionPicture, GradeCounts, NationalGrade, ChangeKind, Shares } from './national.ts';
export { summarise, summaryFor, shortenItem, findingsQuote, scalePlace, inspectionKind } from './summary.ts';
export type { Summary, SummaryFact, SummaryInput, SummarySection, HistoryEntry } from './summary.ts';
export { addDays, daysBetween, formatDay, formatDayRange } from './dates.ts';
export { journeyOf, journeysByPath, pathLabel, daysFrom, fullInspections, DIRECTIONS } from './journeys.ts';
export type { Journey, JourneyStep, JourneyVisit, PathGroup, Direction } from './journeys.ts';
export { forecastAll, naiveForecast, publishedOn, visibleAt } from './forecast.ts';
export type { Forecast, ForecastModel, ForecastSet, ModelOptions } from './forecast.ts';
export { backtest, quarterStarts } from './backtest.ts';
export type { Backtest, BacktestOptions, Score, Scored } from './backtest.ts';
export { mentionsOf, reportYear } from './mentions.ts';
export type { Mentions, MentionCount, MentionFilters } from './mentions.ts';
export { taggedItems, filterItems, topicCounts, topicBreakdown, printedTagsOf } from './topics.ts';
export type { TaggedItem, ItemFilters, TopicCounts } from './topics.ts';
export { findAuthority, nearestAuthorities } from './find.ts';
