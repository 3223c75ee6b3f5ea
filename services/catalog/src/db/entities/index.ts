import { Hold } from './hold';
import { HoldItem } from './hold-item';
import { Product } from './product';

export { Hold, HoldItem, Product };

/** The catalog schema's own tables (the runtime adds its messaging tables). */
export const catalogEntities = [Product, Hold, HoldItem];
