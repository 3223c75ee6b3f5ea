import { runStandalone } from '@saga/runtime';
import { paymentsService } from './index';

void runStandalone(paymentsService);
