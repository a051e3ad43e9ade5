import { AdminEnableUserCommand, type AdminEnableUserCommandInput } from "@aws-sdk/client-cognito-identity-provider";
import { cognito } from "../cognito-client";

export const adminEnableUser = (input: AdminEnableUserCommandInput) =>
  cognito().send(new AdminEnableUserCommand(input));
