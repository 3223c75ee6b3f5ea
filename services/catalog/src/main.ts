import { runStandalone } from '@saga/runtime';
import { catalogService } from './index';

void runStandalone(catalogService);
