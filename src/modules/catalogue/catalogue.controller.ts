import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { DistrictListDto, SkillListDto, SkillQueryDto } from './catalogue.dto.js';
import { CatalogueService } from './catalogue.service.js';

/** Reference lists for forms: the values profiles and jobs accept. */
@ApiTags('Catalogue')
@Controller('catalogue')
@Public()
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('districts')
  @ApiOperation({ summary: "Uganda's districts, the values accepted as `district`" })
  @ApiOkResponse({ type: DistrictListDto })
  @ApiProblem(429, 'Over the default rate limit for this address')
  async districts(): Promise<DistrictListDto> {
    return { items: await this.catalogue.listDistricts() };
  }

  @Get('skills')
  @ApiOperation({ summary: 'The skill catalogue per profession (profiles may add free tags too)' })
  @ApiOkResponse({ type: SkillListDto })
  @ApiProblem(400, 'Unknown profession')
  async skills(@Query() query: SkillQueryDto): Promise<SkillListDto> {
    return { items: await this.catalogue.listSkills(query.profession) };
  }
}
