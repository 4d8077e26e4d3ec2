/** What a logout popup, back on the app's page, posts to the page that opened it. */
export interface PopupReturnMessage {
  readonly type: typeof POPUP_RETURN;
  /** The popup's mark, from its pending-logout record: the opener waits for its own. */
  readonly popup: string;
  /** The OpenID Connect `state` that came back. */
  readonly state: string | undefined;
}

export const POPUP_RETURN = 'webauth-logout:popup-return';

/** Whether `data` is the return of the popup marked `popup`; any other message on the window is someone else's. */
export function isPopupReturn(data: unknown, popup: string, state: string | undefined): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<PopupReturnMessage>;
  return message.type === POPUP_RETURN && message.popup === popup && message.state === state;
}
