import { AdminCreateUserCommand, type AdminCreateUserCommandInput } from "@aws-sdk/client-cognito-identity-provider";
import { cognito } from "../cognito-client";

export const adminCreateUser = (input: AdminCreateUserCommandInput) =>
  cognito().send(new AdminCreateUserCommand(input));
