// auth0-js ships no type declarations: just what the tests call of it.
declare module 'auth0-js' {
  interface Auth0JsAuthentication {
    buildLogoutUrl(options?: unknown): string;
  }
  interface Auth0JsWebAuth {
    client: Auth0JsAuthentication;
    logout(options?: unknown): void;
  }
  const auth0: {
    WebAuth: new (options: unknown) => Auth0JsWebAuth;
    version: { raw: string };
  };
  export default auth0;
}
