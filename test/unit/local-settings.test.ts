import { localBaseUrl, localSettings, localSignInUrl } from "../../lib/local/settings";

describe("npm start's settings", () => {
  it("listen on loopback only unless HOST says otherwise, since the admin password is well known", () => {
    expect(localSettings({}).host).toBe("127.0.0.1");
    expect(localSettings({ HOST: "" }).host).toBe("127.0.0.1");
    expect(localSettings({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });

  it("take the documented defaults and refuse a port that is not one", () => {
    expect(localSettings({})).toMatchObject({ port: 3000, ports: { dynamodb: 8000, cognito: 9229, ses: 8005 } });
    expect(() => localSettings({ PORT: "http" })).toThrow("Not a port number: http");
  });
});

describe("the local server's address in links", () => {
  it("is localhost at the port the server got when it listens on every interface", () => {
    expect(localBaseUrl("0.0.0.0", 4123)).toBe("http://localhost:4123");
    expect(localBaseUrl("::", 4123)).toBe("http://localhost:4123");
  });

  it("names the host the server listens on when HOST names one", () => {
    expect(localBaseUrl("127.0.0.1", 8080)).toBe("http://127.0.0.1:8080");
    expect(localBaseUrl("::1", 8080)).toBe("http://[::1]:8080");
    expect(localBaseUrl("clientele.localhost", 8080)).toBe("http://clientele.localhost:8080");
  });

  it("sends emails to this server's /signin unless the installation names its own sign-in page", () => {
    expect(localSignInUrl({}, "http://localhost:4123")).toBe("http://localhost:4123/signin");
    expect(localSignInUrl({ CLIENTELE_SIGNIN_URL: "" }, "http://localhost:4123")).toBe("http://localhost:4123/signin");
    expect(localSignInUrl({ CLIENTELE_SIGNIN_URL: "https://portal.example.com/login" }, "http://localhost:4123")).toBe(
      "https://portal.example.com/login",
    );
  });

  it("reads PORT and HOST", () => {
    expect(localSettings({ PORT: "4123", HOST: "0.0.0.0" })).toMatchObject({ port: 4123, host: "0.0.0.0" });
    expect(() => localSettings({ PORT: "http" })).toThrow("Not a port number: http");
  });
});
