import { runStandalone } from '@saga/runtime';
import { notificationsService } from './index';

void runStandalone(notificationsService);
