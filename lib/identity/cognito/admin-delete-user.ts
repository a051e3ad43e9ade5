import { AdminDeleteUserCommand, type AdminDeleteUserCommandInput } from "@aws-sdk/client-cognito-identity-provider";
import { cognito } from "../cognito-client";

export const adminDeleteUser = (input: AdminDeleteUserCommandInput) =>
  cognito().send(new AdminDeleteUserCommand(input));
