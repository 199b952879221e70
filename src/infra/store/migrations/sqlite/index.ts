import { checkedMigrations } from '../migration';
import { initial } from './001-initial';
import { feedbackByTime } from './002-feedback-by-time';

export const sqliteMigrations = checkedMigrations([initial, feedbackByTime]);
