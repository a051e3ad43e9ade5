import { AdminDisableUserCommand, type AdminDisableUserCommandInput } from "@aws-sdk/client-cognito-identity-provider";
import { cognito } from "../cognito-client";

export const adminDisableUser = (input: AdminDisableUserCommandInput) =>
  cognito().send(new AdminDisableUserCommand(input));
