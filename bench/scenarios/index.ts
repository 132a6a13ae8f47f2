/** Every benchmark scenario, in run order. Adding one: a file in this folder and a line here. */
import type { Scenario } from '../lib/scenario.ts';
import { dashboardData } from './dashboard.ts';
import { exportPeopleCsv } from './export-people.ts';
import { getPerson } from './get-person.ts';
import { listFirstPage } from './list-first-page.ts';
import { mixedLoad, mixedLoadCapacity } from './mixed-load.ts';
import { dealStageMove, forecast, pipelineBoard } from './sales.ts';
import { screenPop } from './screen-pop.ts';
import { timelinePage } from './timeline-page.ts';
import { typeahead } from './typeahead.ts';

export const SCENARIOS: Scenario[] = [
  getPerson,
  screenPop,
  typeahead,
  listFirstPage,
  timelinePage,
  mixedLoad,
  mixedLoadCapacity,
  exportPeopleCsv,
  pipelineBoard,
  forecast,
  dealStageMove,
  dashboardData,
];
