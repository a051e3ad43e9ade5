import { InitiateAuthCommand, type InitiateAuthCommandInput } from "@aws-sdk/client-cognito-identity-provider";
import { cognito } from "../cognito-client";

export const initiateAuth = (input: InitiateAuthCommandInput) => cognito().send(new InitiateAuthCommand(input));
