/* crm-referrals.h - referrals (db-referrals.c); included by crm.h */
#ifndef CRM_REFERRALS_H
#define CRM_REFERRALS_H

#endif
