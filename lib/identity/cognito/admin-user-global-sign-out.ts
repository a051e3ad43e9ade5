import {
  AdminUserGlobalSignOutCommand,
  type AdminUserGlobalSignOutCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognito } from "../cognito-client";

export const adminUserGlobalSignOut = (input: AdminUserGlobalSignOutCommandInput) =>
  cognito().send(new AdminUserGlobalSignOutCommand(input));
