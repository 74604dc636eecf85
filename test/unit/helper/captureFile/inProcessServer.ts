// The helper's protocol server in this process, over a pair of streams, for the protocol tests;
// and the error a request was refused with.
import { PassThrough } from 'node:stream';
import type { MessageConnection, ResponseError } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { startProtocolServer } from '../../../../src/helper/server/protocolServer';
import type { ServerIo } from '../../../../src/helper/server/protocolServer';

/**
 * A client connected to a protocol server started for it, with `io` replacing parts of the
 * server's world; `wire` registers the client's handlers before it listens.
 */
export function connectToServer(
  io: Partial<ServerIo> = {},
  wire: (client: MessageConnection) => void = () => undefined,
): MessageConnection {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startProtocolServer({ exit: () => undefined, ...io, input: toServer, output: toClient });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  wire(client);
  client.listen();
  return client;
}

/** The error `promise` rejects with; fails when it succeeds. */
export async function rejected(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as ResponseError<unknown>;
  }
  throw new Error('the request succeeded');
}
