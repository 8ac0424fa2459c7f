// workspace/executeCommand: the commands the server carries out.
import { ErrorCodes, ResponseError, type CancellationToken, type ExecuteCommandParams } from 'vscode-languageserver/node.js'
import type { ServerContext } from './context.js'
import { dismiss, parseDismissArgs, DISMISS_COMMAND } from './dismiss.js'
import { checkWorkspace, workDoneProgress, CHECK_WORKSPACE_COMMAND } from './checkWorkspace.js'

export const COMMANDS: readonly string[] = [DISMISS_COMMAND, CHECK_WORKSPACE_COMMAND]

export async function executeCommand(ctx: ServerContext, params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> {
  switch (params.command) {
    case DISMISS_COMMAND:
      return dismiss(ctx, parseDismissArgs(params.arguments))
    case CHECK_WORKSPACE_COMMAND: {
      const progress = await workDoneProgress(ctx, params.workDoneToken)
      return checkWorkspace(ctx, [token, progress.token], progress.reporter)
    }
    default:
      throw new ResponseError(ErrorCodes.InvalidParams, `claimlint: unknown command ${params.command}`)
  }
}
