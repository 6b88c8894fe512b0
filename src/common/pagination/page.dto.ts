import { Type as NestType } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** The `{ items, nextCursor }` response of a list, typed for Swagger with its item class. */
export function PageOf<Item>(item: NestType<Item>) {
  class Page {
    @ApiProperty({ type: [item] })
    items!: Item[];

    @ApiProperty({
      type: String,
      nullable: true,
      example: null,
      description: 'Pass back as ?cursor= for the next page',
    })
    nextCursor!: string | null;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  return Page;
}
