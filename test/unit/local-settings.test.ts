import { localSettings } from "../../lib/local/settings";

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
