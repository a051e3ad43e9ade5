export type StaffRole = "admin" | "staff";

export interface StaffAuth {
  audience: "staff";
  sub: string;
  username: string;
  companyId: string;
  roles: StaffRole[];
}

export interface ClientAuth {
  audience: "client";
  sub: string;
  username: string;
  companyId: string;
  clientId: string;
}

export type AuthContext = StaffAuth | ClientAuth;
