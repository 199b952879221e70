import { checkedMigrations } from '../migration';
import { initial } from './001-initial';

export const postgresMigrations = checkedMigrations([initial]);
