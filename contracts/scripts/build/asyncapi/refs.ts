// $ref builders and small helpers shared by the AsyncAPI parts.
export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const messageRef = (name: string) => ({ $ref: `#/components/messages/${name}` });
export const channelRef = (channel: string) => ({ $ref: `#/channels/${channel}` });
export const channelMessageRef = (channel: string, message: string) => ({
  $ref: `#/channels/${channel}/messages/${message}`,
});
export const tags = (...names: string[]) => names.map((name) => ({ name }));
