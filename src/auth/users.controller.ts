import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateUserDto, UpdateUserDto, UserQueryDto } from './dto/user.dto';
import { Can } from '../access/permissions';
import { toUserResponse } from './user.response';
import { UserTokensService } from './user-tokens.service';
import { UsersService } from './users.service';
import { Caller, CurrentCaller } from '../common/request-context';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: UserTokensService,
  ) {}

  /** The new user with its token: the only time the token is shown. */
  @Post()
  @Can('users.manage')
  async create(@CurrentCaller() caller: Caller, @Body() dto: CreateUserDto) {
    const { user, token } = await this.users.create(caller, dto);
    return toUserResponse(user, token);
  }

  @Get()
  @Can('users.manage')
  async list(@Query() query: UserQueryDto) {
    const page = await this.users.list(query);
    return { ...page, items: page.items.map((u) => toUserResponse(u)) };
  }

  @Get(':userId')
  @Can('users.manage')
  async get(@Param('userId', ParseIdPipe) userId: number) {
    return toUserResponse(await this.users.get(userId));
  }

  @Patch(':userId')
  @Can('users.manage')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('userId', ParseIdPipe) userId: number,
    @Body() dto: UpdateUserDto,
  ) {
    return toUserResponse(await this.users.update(caller, userId, dto));
  }

  @Delete(':userId')
  @Can('users.manage')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('userId', ParseIdPipe) userId: number): Promise<void> {
    await this.users.remove(caller, userId);
  }

  /** A new token for the user; the previous one stops working at once. */
  @Post(':userId/token')
  @Can('users.manage')
  async rotateToken(@CurrentCaller() caller: Caller, @Param('userId', ParseIdPipe) userId: number) {
    const { user, token } = await this.tokens.rotate(caller, userId);
    return toUserResponse(user, token);
  }
}
