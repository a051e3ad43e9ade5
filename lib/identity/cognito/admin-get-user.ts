import { AdminGetUserCommand, type AdminGetUserCommandInput } from "@aws-sdk/client-cognito-identity-provider";
import { cognito } from "../cognito-client";

export const adminGetUser = (input: AdminGetUserCommandInput) => cognito().send(new AdminGetUserCommand(input));
