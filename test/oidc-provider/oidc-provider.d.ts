/**
 * The part of oidc-provider 9 (which ships no types) that the fixture uses.
 * Deliberately narrow: a configuration key or method not declared here is a
 * compile error, so the fixture cannot lean on anything unchecked.
 */
declare module 'oidc-provider' {
  type IncomingMessage = import('node:http').IncomingMessage;
  type ServerResponse = import('node:http').ServerResponse;

  /** A Koa context with oidc-provider's `ctx.oidc`. */
  export interface ProviderContext {
    method: string;
    path: string;
    querystring: string;
    host: string;
    type: string;
    status: number;
    body: unknown;
    oidc?: {
      route?: string;
      params?: Record<string, unknown>;
    };
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    token_endpoint_auth_method?: string;
    application_type?: 'web' | 'native';
    redirect_uris: string[];
    post_logout_redirect_uris?: string[];
    backchannel_logout_uri?: string;
    backchannel_logout_session_required?: boolean;
    grant_types?: string[];
    response_types?: string[];
  }

  /** A stored artifact: a session, grant, token, interaction… */
  export type AdapterPayload = Record<string, unknown>;

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface Configuration {
    adapter?: (model: string) => Adapter;
    ttl?: Record<string, number>;
    clients?: ClientMetadata[];
    jwks?: { keys: Record<string, unknown>[] };
    cookies?: {
      keys?: string[];
      long?: { httpOnly?: boolean; sameSite?: 'lax' | 'strict' | 'none'; secure?: boolean };
      short?: { httpOnly?: boolean; sameSite?: 'lax' | 'strict' | 'none'; secure?: boolean };
    };
    routes?: Record<string, string>;
    enableHttpPostMethods?: boolean;
    /** Every outgoing request (logout tokens, …); `options.dispatcher` is the undici agent that refuses special-use addresses. */
    fetch?: (url: string, options: RequestInit & { dispatcher?: unknown }) => Promise<Response>;
    features?: {
      backchannelLogout?: { enabled: boolean };
      devInteractions?: { enabled: boolean };
      rpInitiatedLogout?: {
        enabled?: boolean;
        logoutSource?: (ctx: ProviderContext, form: string) => Promise<void> | void;
        postLogoutSuccessSource?: (ctx: ProviderContext) => Promise<void> | void;
      };
    };
    interactions?: { url: (ctx: ProviderContext, interaction: { uid: string }) => string };
    findAccount?: (ctx: ProviderContext, sub: string) => Promise<Account | undefined> | Account | undefined;
    renderError?: (ctx: ProviderContext, out: Record<string, unknown>, error: Error) => Promise<void> | void;
    clientBasedCORS?: (ctx: ProviderContext, origin: string, client: unknown) => boolean;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } };
    params: Record<string, unknown> & { client_id: string };
    session?: { accountId: string };
    grantId?: string;
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
  }

  export interface GrantClass {
    new (properties: { accountId: string; clientId: string }): GrantInstance;
    find(id: string): Promise<GrantInstance | undefined>;
  }

  export interface InteractionResult {
    login?: { accountId: string };
    consent?: { grantId: string };
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    readonly Grant: GrantClass;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): void;
    on(event: string, listener: (ctx: ProviderContext, ...rest: unknown[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: InteractionResult, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  }
}
