import { runStandalone } from '@saga/runtime';
import { orderService } from './index';

void runStandalone(orderService);
