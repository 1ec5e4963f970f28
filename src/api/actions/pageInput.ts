import { Type } from '@sinclair/typebox';

/**
 * Tencent's paging fields: PageNumber from 0, PageSize from 1 to `max`. Listings that document
 * defaults (DescribeNumbers: 20) take them optional.
 */
export function requiredPageInput(max: number) {
  return {
    PageSize: Type.Integer({ minimum: 1, maximum: max }),
    PageNumber: Type.Integer({ minimum: 0 }),
  };
}

export function optionalPageInput(max: number) {
  return {
    PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: max })),
    PageNumber: Type.Optional(Type.Integer({ minimum: 0 })),
  };
}
