import {
  AdminAddUserToGroupCommand,
  type AdminAddUserToGroupCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognito } from "../cognito-client";

export const adminAddUserToGroup = (input: AdminAddUserToGroupCommandInput) =>
  cognito().send(new AdminAddUserToGroupCommand(input));
